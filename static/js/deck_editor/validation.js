/* Validation by the server's own validator: as you type (a moment after the last key), and the
   problems of a refused save. Each problem is said next to its field and in a summary that links
   to it; a problem inside a folded card unfolds the card. */

import { byId, el } from "../core/dom.js";
import { t } from "../core/text.js";
import { showNotice } from "./notice.js";
import { request } from "./server.js";
import { editor, form, setup } from "./state.js";

let checkTimer = null;
let checkNumber = 0;

/** Checks the deck a moment after the last change. */
export function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, 350);
}

/** Stops a check that has not started yet (a save checks anyway). */
export function cancelCheck() {
  clearTimeout(checkTimer);
}

async function runCheck() {
  const number = ++checkNumber;
  try {
    const { status, data, retryAfter } = await request("POST", setup.urls.check, { deck: editor.deck });
    if (number !== checkNumber) return; // a newer check is on its way
    if (status === 200) { editor.problems = data.problems; showProblems(); }
    // Checked too often (the server's limit per person): nothing is wrong with the deck or the
    // connection, so the problems shown stay and the check simply runs again when allowed; saving
    // checks anyway. Typing meanwhile schedules the usual check, which replaces this one.
    else if (status === 429) { clearTimeout(checkTimer); checkTimer = setTimeout(runCheck, Math.max(retryAfter, 1) * 1000); }
    else showNotice(data.error?.message || t("editor.status.check_failed"));
  } catch (_error) {
    if (number === checkNumber) byId("save-status").textContent = t("editor.status.offline");
  }
}

/** The field a problem's JSON path belongs to: the path itself, or the nearest part that has a field. */
function owningField(path) {
  const fields = editor.fields;
  let candidate = path;
  while (candidate.length > 1) {
    if (fields.has(candidate)) return fields.get(candidate);
    const cut = Math.max(candidate.lastIndexOf("."), candidate.lastIndexOf("["));
    candidate = candidate.slice(0, Math.max(cut, 1));
  }
  return fields.get("$");
}

/** Says every problem next to its field and in the summary; clears the ones that went away. */
export function showProblems() {
  for (const { control, problem } of editor.fields.values()) {
    problem.replaceChildren();
    problem.hidden = true;
    if (control !== form) control.removeAttribute("aria-invalid");
  }
  const list = byId("problem-list");
  list.replaceChildren();
  for (const item of editor.problems) {
    const field = owningField(item.path);
    if (!field) continue;
    const message = item.shown || item.message;
    field.problem.append(el("span", { text: message }));
    field.problem.hidden = false;
    if (field.control !== form) field.control.setAttribute("aria-invalid", "true");
    // A problem inside a folded card unfolds it, so the message is next to its field.
    const card = field.control.closest(".item-card");
    const body = card?.querySelector(":scope > .item-body");
    if (body && body.hidden) {
      body.hidden = false;
      card.querySelector(":scope > .item-head .toggle")?.setAttribute("aria-expanded", "true");
      for (const [object, node] of editor.itemNodes) if (node === card) editor.expanded.add(object);
    }
    list.append(el("li", {}, el("a", { href: "#", text: `${item.path}: ${message}`, onclick: (event) => {
      event.preventDefault();
      const target = field.control === form ? form : (field.control.matches("input, textarea, select") ? field.control : field.control.querySelector("input, textarea, select, button"));
      target?.focus();
    } })));
  }
  byId("problem-summary").hidden = editor.problems.length === 0;
  byId("problem-summary-heading").textContent = t("editor.problems", { count: editor.problems.length });
}
