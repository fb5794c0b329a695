/* Signing out on a shared computer: before the sign-out form is sent, the deck editor's unsaved
   drafts of the person signing out are removed from this browser, so nobody after them finds them. */

import { forgetDrafts } from "./deck_editor/draft_keys.js";

const form = document.getElementById("sign-out-form");
form?.addEventListener("submit", () => forgetDrafts(form.dataset.draftOwner));
