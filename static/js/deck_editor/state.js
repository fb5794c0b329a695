/* The deck editor's state: the deck being edited, the version it was loaded at, whether it has
   unsaved changes (kept as a draft in localStorage under the signed-in person's key), the problems
   the server found, and the map from each JSON path to its control, rebuilt with every redraw. */

import { byId } from "../core/dom.js";
import { t } from "../core/text.js";
import { draftKey as draftKeyOf } from "./draft_keys.js";

const root = byId("deck-editor");

export const setup = JSON.parse(byId("editor-setup").textContent);
export const csrf = root.dataset.csrf;
export const form = byId("editor-form");
export const deckId = setup.deck_id;
export const draftKey = draftKeyOf(setup.draft_owner, deckId);

export const editor = {
  deck: setup.deck,
  version: setup.version,
  dirty: false,
  edits: 0,        // counts every change, so a save knows whether typing went on meanwhile
  saving: false,   // one save at a time: a second (Ctrl+S) would carry the old version
  problems: [],
  fields: new Map(),    // JSON path -> {control, problem}
  itemNodes: new Map(), // theme, card, dimension or glossary entry -> its <li>
  expanded: new WeakSet(), // cards whose fields are shown
  undo: null,           // {list, index, item}: the last deletion
};

// What redraws after a change. main.js sets these once, so the parts of the editor need not
// import each other in a circle.
const redraw = { form: () => {}, labels: () => {}, check: () => {} };

/** Tells the state what to call when the deck changes. */
export function onChange(handlers) {
  Object.assign(redraw, handlers);
}

/** Redraws the whole form from the deck (after a reload, or a change of structure). */
export const redrawForm = () => redraw.form();

/** Keeps the draft in localStorage, quietly: in private mode the leave warning still protects. */
export function storeDraft() {
  try { localStorage.setItem(draftKey, JSON.stringify({ version: editor.version, deck: editor.deck })); } catch (_error) { /* see above */ }
}

/** After every edit: marks the deck unsaved, keeps the draft, redraws what depends on it, checks again. */
export function changed(structure) {
  editor.dirty = true;
  editor.edits += 1;
  storeDraft();
  byId("save-status").textContent = t("editor.status.unsaved");
  if (structure) redraw.form();
  else redraw.labels();
  redraw.check();
}

let uid = 0;
/** A fresh id for an element of the form, unique on the page. */
export function nextId(prefix) { uid += 1; return `${prefix}-${uid}`; }

/** Notes the control and problem line that stand for `path`, so problems can find their field. */
export function register(path, control, problem) {
  editor.fields.set(pathText(path), { control, problem });
}

/** A JSON path as the server writes it: $.themes[0].title. */
export const pathText = (path) => path.reduce((text, part) => text + (typeof part === "number" ? `[${part}]` : `.${part}`), "$");

/** The deck's language codes, ignoring anything malformed while it is being typed. */
export const languages = () => (Array.isArray(editor.deck.languages)
  ? editor.deck.languages.filter((c) => typeof c === "string") : []);

/** "Norsk bokmål (nb)": a language code as people read it. */
export const languageName = (code) => `${setup.language_names[code] || code} (${code})`;

let pendingFocus = null;

/** Puts the focus back where the person was working, after the form was redrawn. */
export function focusLater(path, item, action) { pendingFocus = { path, item, action }; applyFocus(); }

/** Moves the focus asked for by focusLater, once its control exists; true when one was asked for. */
export function applyFocus() {
  if (!pendingFocus) return false;
  const { path, item, action } = pendingFocus;
  pendingFocus = null;
  let target = null;
  const node = item ? editor.itemNodes.get(item) : null;
  if (path) target = editor.fields.get(path)?.control;
  else if (node) target = node.querySelector(`[data-action="${action || "toggle"}"]`) || node.querySelector("[data-action]");
  if (target && !target.disabled) target.focus();
  return true;
}
