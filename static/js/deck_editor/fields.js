/* The editor's fields: a text in every language of the deck side by side (a missing translation
   marked in words), lists of such texts, and plain fields (ids, languages, scale, dimension). Deck
   text is only ever set with .value, so markup typed into a card shows as typed and never runs. */

import { el } from "../core/dom.js";
import { t } from "../core/text.js";
import { changed, editor, focusLater, languageName, languages, nextId, pathText, register } from "./state.js";

/** The line under a field where its problem is said; hidden while there is none. */
export const problemElement = () => el("p", { class: "field-problem", id: nextId("problem"), hidden: true });

/** Every input inside `set` is also described by the fieldset's problem line, after its own: a problem
    said about the whole fieldset (a text in no language, too few items) is read out with whichever
    input has the focus, since a screen reader does not read a fieldset's other children there. */
function describedByFieldset(set, problem) {
  for (const control of set.querySelectorAll("input, textarea, select")) {
    const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (!ids.includes(problem.id)) control.setAttribute("aria-describedby", [...ids, problem.id].join(" "));
  }
}

/** A text in every language of the deck, side by side; a missing translation is marked in words. */
function locField(owner, spec, path, labelKey) {
  const value = owner[spec.name];
  const fieldPath = [...path, spec.name];
  const problem = problemElement();
  const legend = el("legend", { text: t(labelKey || `editor.field.${spec.name}`) + (spec.required ? "" : ` (${t("editor.optional")})`) });
  const columns = el("div", { class: "loc-columns" });
  const set = el("fieldset", { class: "loc-field", "data-path": pathText(fieldPath) }, legend, columns, problem);
  register(fieldPath, set, problem);
  for (const code of languages()) {
    const id = nextId("text");
    const columnProblem = el("p", { class: "field-problem", id: `${id}-problem`, hidden: true });
    const missing = el("p", { class: "missing-mark", id: `${id}-missing`, text: t("editor.missing_translation"), hidden: true });
    const control = el(spec.long ? "textarea" : "input", {
      id, lang: code, class: "loc-input", rows: spec.long ? 3 : null, type: spec.long ? null : "text",
      "aria-describedby": `${id}-missing ${id}-problem`, "data-path": pathText([...fieldPath, code]),
    });
    control.value = value && typeof value === "object" && typeof value[code] === "string" ? value[code] : "";
    control.addEventListener("input", () => {
      let map = owner[spec.name];
      if (!map || typeof map !== "object") { map = {}; owner[spec.name] = map; }
      if (control.value.trim() === "") delete map[code];
      else map[code] = control.value;
      if (!spec.required && !Array.isArray(owner) && Object.keys(map).length === 0) delete owner[spec.name];
      markMissing(set);
      changed(false);
    });
    register([...fieldPath, code], control, columnProblem);
    columns.append(el("div", { class: "loc-column" },
      el("label", { for: id, text: languageName(code) }), control, missing, columnProblem));
  }
  markMissing(set);
  describedByFieldset(set, problem);
  return set;
}

function markMissing(set) {
  const controls = [...set.querySelectorAll(":scope > .loc-columns .loc-input")];
  const someText = controls.some((c) => c.value.trim() !== "");
  for (const control of controls) {
    const missing = someText && control.value.trim() === "";
    control.parentElement.querySelector(".missing-mark").hidden = !missing;
    control.classList.toggle("is-missing", missing);
  }
}

/** A list of texts in every language (follow-up questions, prompts, examples), each removable. */
function locListField(owner, spec, path) {
  if (!Array.isArray(owner[spec.name])) owner[spec.name] = [];
  const list = owner[spec.name];
  const fieldPath = [...path, spec.name];
  const problem = problemElement();
  const items = el("ol", { class: "loc-list" });
  list.forEach((_item, index) => {
    const entry = locField(list, { name: index, type: "loc", required: true, long: true }, fieldPath, `editor.field.${spec.name}.item`);
    entry.querySelector("legend").textContent = t(`editor.field.${spec.name}.item`, { number: index + 1 });
    entry.append(el("button", { type: "button", class: "button small", text: t("editor.remove_item", { number: index + 1 }),
      onclick: () => { list.splice(index, 1); if (!list.length && !spec.min) delete owner[spec.name]; changed(true); } }));
    items.append(el("li", {}, entry));
  });
  const add = el("button", { type: "button", class: "button small", text: t(`editor.add.${spec.name}`),
    onclick: () => { owner[spec.name] = list; list.push({}); changed(true); focusLater(pathText([...fieldPath, list.length - 1, languages()[0]])); } });
  const set = el("fieldset", { class: "list-field", "data-path": pathText(fieldPath) },
    el("legend", { text: t(`editor.field.${spec.name}`) }), items, add, problem);
  register(fieldPath, set, problem);
  describedByFieldset(set, problem);
  if (!list.length && !spec.min) delete owner[spec.name];
  return set;
}

/** One plain value: an id, the deck's languages, a statement's scale or a power statement's dimension. */
function plainField(owner, spec, path) {
  const deck = editor.deck;
  const fieldPath = [...path, spec.name];
  const id = nextId("field");
  const problem = el("p", { class: "field-problem", id: `${id}-problem`, hidden: true });
  const hint = spec.type === "slug" ? el("p", { class: "hint", id: `${id}-hint`, text: t("editor.hint.slug") })
    : spec.type === "languages" ? el("p", { class: "hint", id: `${id}-hint`, text: t("editor.hint.languages") }) : null;
  let control;
  if (spec.type === "scale" || spec.type === "dimension") {
    const options = spec.type === "scale" ? ["ok_not_ok", "agree_disagree"]
      : (Array.isArray(deck.dimensions) ? deck.dimensions.map((d) => d.id) : []);
    if (owner[spec.name] && !options.includes(owner[spec.name])) options.push(owner[spec.name]);
    if (spec.type === "scale" && !owner.scale) owner.scale = "ok_not_ok";
    control = el("select", { id, "aria-describedby": `${id}-problem`, "data-path": pathText(fieldPath) },
      options.map((option) => el("option", { value: option, text: spec.type === "scale" ? t(`editor.scale.${option}`) : option })));
    control.value = owner[spec.name] ?? "";
    control.addEventListener("change", () => { owner[spec.name] = control.value; changed(false); });
  } else {
    control = el("input", { id, type: "text", "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-problem`,
      "data-path": pathText(fieldPath), class: spec.type === "slug" ? "slug-input" : null,
      spellcheck: spec.type === "slug" || spec.type === "languages" ? "false" : null });
    control.value = spec.type === "languages" ? languages().join(", ") : (owner[spec.name] ?? "");
    if (spec.type === "languages") {
      control.addEventListener("change", () => {
        editor.deck.languages = control.value.split(/[\s,]+/).map((c) => c.trim().toLowerCase()).filter(Boolean);
        changed(true);
      });
    } else {
      control.addEventListener("input", () => { owner[spec.name] = control.value; changed(false); });
    }
  }
  register(fieldPath, control, problem);
  return el("div", { class: `plain-field field-${spec.type}` }, el("label", { for: id, text: t(`editor.field.${spec.name}`) }), control, hint, problem);
}

/** The fields `specs` describes, for `owner` at JSON path `path`. */
export function fieldsFor(owner, specs, path) {
  return specs.map((spec) => spec.type === "loc" ? locField(owner, spec, path)
    : spec.type === "loclist" ? locListField(owner, spec, path) : plainField(owner, spec, path));
}
