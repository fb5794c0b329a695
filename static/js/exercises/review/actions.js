/* The actions under review as the projector and the console write them: each action in the words
   people typed when they agreed it, and its status as a word, never as a colour alone. */

import { el } from "../../core/dom.js";
import { t } from "../../core/text.js";

/** "Anyone can say stop, and we stop. (open)": the action's text and its status in words. */
export function actionLine(action, language) {
  return [
    el("span", { class: "review-text", lang: language, text: action.text }),
    el("span", { class: `review-status review-${action.status}`,
                 text: ` (${t(`live.review.status.${action.status}`)})` }),
  ];
}
