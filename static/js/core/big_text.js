/* Text on the projector: large enough to read from the back of the room, smaller as it gets
   longer, so 700 characters still fit one screen. */

import { setDeckText } from "./dom.js";

const SIZES = ["size-xl", "size-l", "size-m", "size-s"];

function sizeClass(text) {
  const length = (text || "").length;
  if (length <= 90) return "size-xl";
  if (length <= 220) return "size-l";
  if (length <= 420) return "size-m";
  return "size-s";
}

/** Sets deck text in its language, sized by its length. */
export function setBigText(node, text, language) {
  setDeckText(node, text, language);
  node.classList.remove(...SIZES);
  node.classList.add(sizeClass(text));
}
