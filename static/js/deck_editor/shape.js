/* What each part of a deck holds, as the editor draws it: the fields of the deck, a theme, each
   kind of card, a dimension and a glossary entry; new and duplicated items with ids of their own;
   and the title each item goes by in the form. */

import { t } from "../core/text.js";
import { editor, languages } from "./state.js";

const loc = (name, required, long) => ({ name, type: "loc", required, long });
const locList = (name, min) => ({ name, type: "loclist", min: min || 0 });

export const DECK_FIELDS = [
  { name: "id", type: "slug" }, loc("title", true), loc("description", true, true),
  { name: "languages", type: "languages" }, { name: "author", type: "string" }, { name: "license", type: "string" },
];
export const THEME_FIELDS = [{ name: "id", type: "slug" }, loc("title", true), loc("description", false, true),
  loc("content_note", false, true)];
export const CARD_FIELDS = {
  question: [loc("prompt", true, true), locList("follow_ups"), loc("notes", true, true)],
  statement: [loc("text", true, true), { name: "scale", type: "scale" }, locList("prompts"), loc("notes", false, true)],
  power: [loc("text", true, true), { name: "dimension", type: "dimension" }, loc("notes", false, true)],
  role: [loc("name", true), loc("description", true, true), loc("notes", false, true)],
  risk: [loc("name", true), loc("description", true, true), locList("examples", 1), loc("notes", false, true)],
};
export const CARD_COMMON_AFTER = [{ name: "id", type: "slug" }, loc("content_note", false, true)];
export const DIMENSION_FIELDS = [{ name: "id", type: "slug" }, loc("title", true), loc("description", false, true)];
export const GLOSSARY_FIELDS = [{ name: "id", type: "slug" }, loc("term", true), loc("definition", true, true)];
// The field a card is known by, whatever its kind.
export const MAIN_TEXT = ["prompt", "text", "name"];

/** `base`, or `base-2`, `base-3` ... whichever is not taken yet. */
export function uniqueId(base, taken) {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}

const cardIds = () => new Set((editor.deck.themes || []).flatMap((theme) => (theme.cards || []).map((card) => card.id)));

/** An empty card of `kind` with a free id and the fields its kind requires. */
export function newCard(kind) {
  const id = uniqueId("new-card", cardIds());
  const card = { id, kind };
  if (kind === "question") Object.assign(card, { prompt: {}, notes: {} });
  if (kind === "statement") Object.assign(card, { text: {}, scale: "ok_not_ok" });
  if (kind === "power") Object.assign(card, { text: {}, dimension: (editor.deck.dimensions || [])[0]?.id || "" });
  if (kind === "role") Object.assign(card, { name: {}, description: {} });
  if (kind === "risk") Object.assign(card, { name: {}, description: {}, examples: [{}] });
  return card;
}

/** A copy of a theme, card, dimension or glossary entry, with ids no other item has. */
export function duplicateOf(kind, item) {
  const deck = editor.deck;
  const copy = structuredClone(item);
  if (kind === "theme") {
    copy.id = uniqueId(`${item.id}-copy`, new Set(deck.themes.map((theme) => theme.id)));
    const taken = cardIds();
    for (const card of copy.cards || []) { card.id = uniqueId(`${card.id}-copy`, taken); taken.add(card.id); }
  } else if (kind === "card") {
    copy.id = uniqueId(`${item.id}-copy`, cardIds());
  } else {
    copy.id = uniqueId(`${item.id}-copy`, new Set((kind === "dimension" ? deck.dimensions : deck.glossary).map((x) => x.id)));
  }
  return copy;
}

/** "Statement 3: Is it OK to…": what an item is called in headings, buttons and announcements. */
export function itemTitle(kind, item, index) {
  const first = languages()[0];
  if (kind === "card") {
    const field = MAIN_TEXT.find((name) => item[name] && typeof item[name] === "object");
    const words = field ? (item[field][first] || Object.values(item[field])[0] || "") : "";
    const short = words.length > 90 ? `${words.slice(0, 88).trimEnd()}…` : words;
    return `${t(`card.kind.${item.kind}`)} ${index + 1}: ${short || t("editor.untitled")}`;
  }
  const title = item.title || item.term || {};
  return `${t(`editor.${kind}`)} ${index + 1}: ${title[first] || Object.values(title)[0] || t("editor.untitled")}`;
}
