/* Drawing the whole form from the deck, and keeping item titles up to date while people type
   (without redrawing, which would move the caret). */

import { byId, el } from "../core/dom.js";
import { t } from "../core/text.js";
import { fieldsFor, problemElement } from "./fields.js";
import { addTheme, simpleListSection, themeNode } from "./items.js";
import { DECK_FIELDS, DIMENSION_FIELDS, GLOSSARY_FIELDS, itemTitle } from "./shape.js";
import { applyFocus, editor, form, languages, register } from "./state.js";
import { showProblems } from "./validation.js";

/** Redraws the form; the focus goes where focusLater asked, or stays on the same field. */
export function render() {
  const deck = editor.deck;
  const active = document.activeElement && form.contains(document.activeElement) ? document.activeElement.dataset.path : null;
  editor.fields = new Map();
  editor.itemNodes = new Map();
  const deckProblem = problemElement();
  register([], form, deckProblem);
  if (!Array.isArray(deck.themes)) deck.themes = [];
  const themesPath = ["themes"];
  const themesProblem = problemElement();
  const themes = el("ol", { class: "item-list themes-list" }, deck.themes.map((theme, index) => themeNode(theme, index)));
  register(themesPath, themes, themesProblem);
  form.replaceChildren(
    deckProblem,
    el("section", { class: "editor-section", "aria-labelledby": "about-heading" },
      el("h2", { id: "about-heading", text: t("editor.section.about") }), fieldsFor(deck, DECK_FIELDS, [])),
    el("section", { class: "editor-section", "aria-labelledby": "themes-heading" },
      el("h2", { id: "themes-heading", text: t("editor.section.themes") }), themesProblem, themes,
      el("button", { type: "button", class: "button", id: "add-theme", onclick: addTheme }, t("editor.add_theme"))),
    simpleListSection("dimension", "dimensions", DIMENSION_FIELDS),
    simpleListSection("glossary", "glossary", GLOSSARY_FIELDS),
  );
  showProblems();
  if (!applyFocus() && active) editor.fields.get(active)?.control?.focus?.();
}

/** Titles of items follow their texts without redrawing the form. */
export function refreshLabels() {
  const deck = editor.deck;
  (deck.themes || []).forEach((theme, index) => {
    const node = editor.itemNodes.get(theme);
    const title = node?.querySelector(":scope > .item-head .item-title");
    if (title) title.textContent = itemTitle("theme", theme, index);
    (theme.cards || []).forEach((card, c) => {
      const toggle = editor.itemNodes.get(card)?.querySelector(":scope > .item-head .toggle");
      if (toggle) toggle.textContent = itemTitle("card", card, c);
    });
  });
  const first = languages()[0];
  byId("editor-heading").textContent = (deck.title && (deck.title[first] || Object.values(deck.title)[0])) || t("editor.new_title");
}
