/* The consent round on the big screen: the sections of the guidelines while the phones answer, and
   once revealed the totals of each (only "too few" below the minimum). */

import { addSection, byId, changed, el } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { guidelineBlock, resultFor, resultLines } from "./guidelines.js";

/** Adds the consent round's own section beside the card's, once. */
export function start() {
  addSection("consent-view", "card-view", { class: "view consent-view", "aria-labelledby": "consent-heading" });
}

export function render(state) {
  const current = state.current;
  const consent = current.consent;
  const view = byId("consent-view");
  if (!changed(view, [current.item_id, consent, current.answers_open, state.language])) return;
  // replaceChildren would write a null out as the word "null": the hint joins only while answers are open.
  const parts = [el("h2", { id: "consent-heading", class: "projector-big", text: t("live.consent.title") })];
  if (current.answers_open) parts.push(el("p", { class: "projector-hint", text: t("live.consent.on_phone") }));
  parts.push(el("ol", { class: "projector-list consent-guidelines" }, consent.guidelines.map(
    (g) => guidelineBlock(g, state.language, resultLines(resultFor(consent, g.id))))));
  view.replaceChildren(...parts);
}
