/* The risk map on the big screen: the factors and how many have answered; after the reveal the
   ranked heat map, with the measures as the facilitator types them. */

import { byId, changed, el, setText } from "../../core/dom.js";
import { t, tn } from "../../core/text.js";
import { rankedView } from "./ranked.js";

export function render(state) {
  const current = state.current;
  const map = current.risk_map;
  const view = byId("risk-view");
  if (changed(view, [current.item_id, map, current.answers_open, state.language])) {
    const parts = [el("h2", { id: "risk-heading", class: "projector-big", text: t("live.risk.question") })];
    if (map.ranked) {
      parts.push(rankedView(map, state.language));
    } else {
      parts.push(el("ul", { class: "projector-list risk-names" },
                    map.factors.map((f) => el("li", { lang: state.language, text: f.name }))));
      if (current.answers_open) parts.push(el("p", { class: "projector-hint", text: t("live.risk.on_phone") }));
    }
    parts.push(el("p", { id: "risk-answered", class: "answer-status", "aria-live": "polite" }));
    view.replaceChildren(...parts);
  }
  renderCount(state);
}

/** How many have answered, until the map is revealed. */
export function renderCount(state) {
  const line = byId("risk-answered");
  const current = state.current;
  if (!line || !current.risk_map) return;
  setText(line, current.risk_map.ranked ? "" : tn("live.risk.answered", current.answered || 0));
}
