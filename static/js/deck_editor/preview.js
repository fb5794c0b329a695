/* A card as the projector and a phone would show it, in any language of the deck. */

import { byId, el } from "../core/dom.js";
import { t } from "../core/text.js";
import { MAIN_TEXT } from "./shape.js";
import { editor, languageName, languages } from "./state.js";

let previewed = null; // {card, path}

/** Opens the preview dialog for `card` at JSON path `path`. */
export function openPreview(card, path) {
  previewed = { card, path };
  const select = byId("preview-language");
  select.replaceChildren(...languages().map((code) => el("option", { value: code, text: languageName(code) })));
  drawPreview();
  byId("preview-dialog").showModal();
}

/** Draws the previewed card in the language the dialog's picker names. */
export function drawPreview() {
  if (!previewed) return;
  const { card, path } = previewed;
  const code = byId("preview-language").value;
  const theme = editor.deck.themes[path[1]] || {};
  const word = (map) => (map && typeof map === "object" ? (map[code] || "") : "");
  const main = word(card[MAIN_TEXT.find((name) => card[name]) || "text"]);
  const extra = [...(card.follow_ups || []), ...(card.prompts || []), ...(card.examples || [])].map(word).filter(Boolean);
  const note = word(card.content_note) || word(theme.content_note);
  const choices = card.kind === "statement" ? (card.scale === "agree_disagree" ? ["agree", "disagree", "both", "unsure"] : ["ok", "not_ok", "depends", "unsure"])
    : card.kind === "power" ? ["yes", "no", "pass"] : [];
  const empty = t("editor.preview.empty");
  // Parts a card does not have are left out (replaceChildren would write a null as the word "null").
  byId("preview-projector").replaceChildren(...[
    el("p", { class: "preview-theme", lang: code, text: word(theme.title) }),
    note ? el("p", { class: "preview-note", lang: code, text: `${t("editor.field.content_note")}: ${note}` }) : null,
    el("p", { class: "preview-text", lang: code, text: main || empty }),
    card.kind === "role" || card.kind === "risk" ? el("p", { class: "preview-description", lang: code, text: word(card.description) }) : null,
    extra.length ? el("ul", { lang: code }, extra.map((text) => el("li", { text }))) : null,
  ].filter(Boolean));
  byId("preview-phone").replaceChildren(...[
    el("p", { class: "preview-text", lang: code, text: main || empty }),
    choices.length ? el("div", { class: "preview-choices" }, choices.map((choice) => el("span", { class: "preview-choice", text: t(`editor.choice.${choice}`) }))) : null,
    card.kind === "question" ? el("p", { class: "hint", text: t("editor.preview.phone_question") }) : null,
  ].filter(Boolean));
}
