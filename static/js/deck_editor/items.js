/* The deck's lists as the editor draws them: themes with their cards, dimensions and glossary
   entries. Each item has a heading and a toolbar (move, duplicate, preview a card, delete); a card
   folds open to show its fields. */

import { byId, el } from "../core/dom.js";
import { t } from "../core/text.js";
import { fieldsFor, problemElement } from "./fields.js";
import { openPreview } from "./preview.js";
import { makeMovable, move, remove } from "./reorder.js";
import { CARD_COMMON_AFTER, CARD_FIELDS, duplicateOf, itemTitle, newCard, THEME_FIELDS, uniqueId } from "./shape.js";
import { changed, editor, focusLater, languages, nextId, pathText, register, setup } from "./state.js";

/** One item of a list with its toolbar; `headExtra(titleId)` makes its heading. */
function listItem(kind, list, index, path, body, headExtra) {
  const item = list[index];
  const titleId = nextId("item");
  const tool = (action, label, handler, disabled) => el("button", { type: "button", class: "button small", "data-action": action,
    disabled: disabled || null, onclick: handler }, label, el("span", { class: "visually-hidden", text: `: ${itemTitle(kind, item, index)}` }));
  const handle = el("span", { class: "drag-handle", draggable: "true", title: t("editor.drag"), "aria-hidden": "true", text: "⠿" });
  const head = el("div", { class: "item-head" }, handle, headExtra(titleId), el("div", { class: "item-tools" },
    tool("up", t("editor.move_up"), () => move(list, index, index - 1, kind, "up"), index === 0),
    tool("down", t("editor.move_down"), () => move(list, index, index + 1, kind, "down"), index === list.length - 1),
    tool("duplicate", t("editor.duplicate"), () => { list.splice(index + 1, 0, duplicateOf(kind, item)); changed(true); focusLater(null, list[index + 1]); }),
    kind === "card" ? tool("preview", t("editor.preview.open"), () => openPreview(item, path)) : null,
    tool("delete", t("editor.delete"), () => remove(list, index, kind, item)),
  ));
  const problem = problemElement();
  const node = el("li", { class: `item item-${kind}`, "data-path": pathText(path), "aria-labelledby": titleId }, head, problem, body);
  register(path, node, problem);
  editor.itemNodes.set(item, node);
  makeMovable({ list, index, kind, node, head, handle });
  return node;
}

function cardNode(theme, themeIndex, cardIndex) {
  const card = theme.cards[cardIndex];
  const path = ["themes", themeIndex, "cards", cardIndex];
  const bodyId = nextId("card-body");
  const expanded = editor.expanded;
  const body = el("div", { class: "item-body", id: bodyId, hidden: !expanded.has(card) },
    el("p", { class: "card-kind-label meta", text: `${t("editor.field.kind")}: ${t(`card.kind.${card.kind}`)}` }),
    fieldsFor(card, CARD_FIELDS[card.kind] || [], path), fieldsFor(card, CARD_COMMON_AFTER, path));
  return listItem("card", theme.cards, cardIndex, path, body, (titleId) => el("h4", { class: "item-title" },
    el("button", { type: "button", id: titleId, class: "toggle", "data-action": "toggle", "aria-expanded": String(expanded.has(card)),
      "aria-controls": bodyId, text: itemTitle("card", card, cardIndex),
      onclick: (event) => {
        const open = !expanded.has(card);
        if (open) expanded.add(card); else expanded.delete(card);
        event.currentTarget.setAttribute("aria-expanded", String(open));
        byId(bodyId).hidden = !open;
      } })));
}

/** A theme with its fields, its cards and a way to add a card of any kind. */
export function themeNode(theme, index) {
  const path = ["themes", index];
  if (!Array.isArray(theme.cards)) theme.cards = [];
  const cardsPath = [...path, "cards"];
  const cardsProblem = problemElement();
  const cards = el("ol", { class: "item-list cards-list", "data-path": pathText(cardsPath) },
    theme.cards.map((_card, c) => cardNode(theme, index, c)));
  register(cardsPath, cards, cardsProblem);
  const kindId = nextId("kind");
  const kind = el("select", { id: kindId }, setup.kinds.map((k) => el("option", { value: k, text: t(`card.kind.${k}`) })));
  const body = el("div", { class: "item-body" }, fieldsFor(theme, THEME_FIELDS, path),
    el("h4", { text: t("editor.cards") }), cardsProblem, cards,
    el("div", { class: "add-card" }, el("label", { for: kindId, text: t("editor.new_card_kind") }), kind,
      el("button", { type: "button", class: "button", "data-add-card": String(index), onclick: () => {
        const card = newCard(kind.value);
        theme.cards.push(card);
        editor.expanded.add(card);
        changed(true);
        const main = CARD_FIELDS[card.kind][0].name;
        focusLater(pathText([...cardsPath, theme.cards.length - 1, main, languages()[0]]));
      } }, t("editor.add_card"), el("span", { class: "visually-hidden", text: `: ${itemTitle("theme", theme, index)}` }))));
  return listItem("theme", editor.deck.themes, index, path, body, (titleId) => el("h3", { id: titleId, class: "item-title", tabindex: "-1", text: itemTitle("theme", theme, index) }));
}

/** The dimensions or the glossary: a list of items with the same fields, and a button to add one. */
export function simpleListSection(kind, key, specs) {
  const deck = editor.deck;
  if (!Array.isArray(deck[key])) deck[key] = [];
  const list = deck[key];
  const nodes = list.map((item, index) => listItem(kind, list, index, [key, index], el("div", { class: "item-body" }, fieldsFor(item, specs, [key, index])),
    (titleId) => el("h3", { id: titleId, class: "item-title", text: itemTitle(kind, item, index) })));
  const section = el("section", { class: "editor-section", "data-path": pathText([key]) },
    el("h2", { text: t(`editor.section.${key}`) }), el("p", { class: "hint", text: t(`editor.section.${key}.hint`) }),
    el("ol", { class: "item-list" }, nodes),
    el("button", { type: "button", class: "button", onclick: () => {
      const taken = new Set(list.map((x) => x.id));
      list.push(kind === "dimension" ? { id: uniqueId("new-dimension", taken), title: {} } : { id: uniqueId("new-term", taken), term: {}, definition: {} });
      changed(true);
      focusLater(pathText([key, list.length - 1, kind === "dimension" ? "title" : "term", languages()[0]]));
    } }, t(`editor.add.${kind}`)));
  return section; // an empty list is the format's default, and stays the same array for "Undo"
}

/** Adds a theme with one question card, and takes the focus to its title. */
export function addTheme() {
  const deck = editor.deck;
  const taken = new Set(deck.themes.map((theme) => theme.id));
  const card = newCard("question");
  editor.expanded.add(card);
  deck.themes.push({ id: uniqueId("new-theme", taken), title: {}, cards: [card] });
  changed(true);
  focusLater(pathText(["themes", deck.themes.length - 1, "title", languages()[0]]));
}
