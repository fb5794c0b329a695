/* Saving the deck: one save at a time, a new deck created and opened for editing, a draft kept when
   typing went on during the save, and a save refused when someone else saved first, with a way to
   download one's own version and a way to load theirs. */

import { byId, el } from "../core/dom.js";
import { t } from "../core/text.js";
import { hideNotice, showNotice } from "./notice.js";
import { request } from "./server.js";
import { deckId, draftKey, editor, redrawForm, setup, storeDraft } from "./state.js";
import { cancelCheck, showProblems } from "./validation.js";

const status = (key, params) => { byId("save-status").textContent = t(key, params); };

/** Saves the deck (or creates it) and says how it went in the status line. */
export async function save() {
  if (editor.saving) return;
  cancelCheck();
  const button = byId("save-deck");
  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
  editor.saving = true;
  button.setAttribute("aria-disabled", "true");
  status("editor.status.saving");
  const editsSent = editor.edits;
  try {
    const { status: code, data } = deckId === null
      ? await request("POST", setup.urls.create, { deck: editor.deck })
      : await request("PUT", setup.urls.save, { deck: editor.deck, version: editor.version });
    if (code === 200 || code === 201) {
      editor.version = data.version;
      editor.problems = [];
      showProblems();
      hideNotice();
      if (editor.edits === editsSent) {
        editor.dirty = false;
        localStorage.removeItem(draftKey);
        status("editor.status.saved");
      } else {
        // Typed while the save was on its way: that is not on the server yet, so keep the draft.
        storeDraft();
        status("editor.status.unsaved");
      }
      if (deckId === null) window.location.assign(setup.urls.edit.replace("{id}", data.id));
    } else if (code === 422 && data.error?.problems) {
      editor.problems = data.error.problems;
      showProblems();
      status("editor.status.not_saved", { count: editor.problems.length });
      byId("problem-summary-heading").focus();
    } else if (code === 409 && data.error?.code === "deck_changed") {
      showNotice(data.error.message,
                 el("button", { type: "button", class: "button primary", id: "download-mine", onclick: downloadMine },
                    t("editor.download_mine")),
                 el("button", { type: "button", class: "button", id: "reload-saved", onclick: reloadSaved },
                    t("editor.reload_saved")));
      status("editor.status.not_saved_conflict");
    } else {
      showNotice(data.error?.message || t("editor.status.save_failed"));
      status("editor.status.save_failed");
    }
  } catch (_error) {
    status("editor.status.offline");
  } finally {
    editor.saving = false;
    button.removeAttribute("aria-disabled");
  }
}

/** Saves the editor's deck as it is now to a file, so a refused save loses nobody's work: after
    reloading the saved deck, the file can be compared, or uploaded with "Upload a deck file". */
function downloadMine() {
  const text = `${JSON.stringify(editor.deck, null, 2)}\n`; // two-space JSON, as the shipped files
  const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
                         download: `${editor.deck.id || "deck"}-my-version.json`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000); // after the browser has taken the file
  status("editor.status.downloaded");
}

/** Replaces the draft with the version someone else saved. */
async function reloadSaved() {
  const { status: code, data } = await request("GET", setup.urls.reload);
  if (code !== 200) { showNotice(data.error?.message || t("editor.status.save_failed")); return; }
  Object.assign(editor, { deck: data.deck, version: data.version, dirty: false, problems: [] });
  localStorage.removeItem(draftKey);
  hideNotice();
  redrawForm();
  status("editor.status.reloaded");
  byId("editor-heading").focus?.();
}
