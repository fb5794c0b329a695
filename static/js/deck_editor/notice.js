/* The editor's notice above the form: a restored draft, a refused save, a failed check, each with
   the buttons that deal with it. */

import { byId, el } from "../core/dom.js";

/** Shows `message` with `actions` (buttons) in the notice. */
export function showNotice(message, ...actions) {
  const notice = byId("editor-notice");
  notice.replaceChildren(el("p", { text: message }), ...actions);
  notice.hidden = false;
}

export function hideNotice() {
  byId("editor-notice").hidden = true;
  byId("editor-notice").replaceChildren();
}
