/* The deck editor: every language side by side, validation as you type by the server's own
   validator, add / duplicate / delete (with undo) / reorder by drag and drop and by keyboard,
   previews, a draft in localStorage, and a refused save when someone else saved first. This module
   starts it: a draft from an earlier visit, the leave warning, the editor's buttons and keys. */

import { byId, el } from "../core/dom.js";
import { t } from "../core/text.js";
import { refreshLabels, render } from "./form.js";
import { addTheme } from "./items.js";
import { hideNotice, showNotice } from "./notice.js";
import { drawPreview } from "./preview.js";
import { undoDelete } from "./reorder.js";
import { save } from "./saving.js";
import { draftKey, editor, form, onChange, setup } from "./state.js";
import { scheduleCheck } from "./validation.js";

onChange({ form: render, labels: refreshLabels, check: scheduleCheck });

let stored = null;
try { stored = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (_error) { stored = null; }
if (stored && stored.deck && JSON.stringify(stored.deck) !== JSON.stringify(setup.deck)) {
  Object.assign(editor, { deck: stored.deck, version: stored.version ?? editor.version, dirty: true });
  showNotice(t("editor.draft_restored"), el("button", { type: "button", class: "button", id: "discard-draft", onclick: () => {
    localStorage.removeItem(draftKey);
    Object.assign(editor, { deck: setup.deck, version: setup.version, dirty: false, problems: [] });
    hideNotice(); render(); scheduleCheck();
    byId("save-status").textContent = t("editor.status.draft_discarded");
  } }, t("editor.discard_draft")));
}
window.addEventListener("beforeunload", (event) => {
  if (!editor.dirty) return;
  event.preventDefault();
  event.returnValue = "";
});
byId("save-deck").addEventListener("click", save);
byId("add-theme-top").addEventListener("click", addTheme);
byId("undo-button").addEventListener("click", undoDelete);
byId("preview-language").addEventListener("change", drawPreview);
byId("preview-close").addEventListener("click", () => byId("preview-dialog").close());
form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); }
});
render();
if (editor.dirty) byId("save-status").textContent = t("editor.status.unsaved");
scheduleCheck();
