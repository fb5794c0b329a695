/* "What we agreed last time" on the big screen: the actions under review as text, each with its
   status, so the room can talk about what was done. */

import { addSection, byId, changed, el } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { actionLine } from "./actions.js";

/** Adds the review's own section beside the card's, once. */
export function start() {
  addSection("review-view", "card-view", { class: "view review-view", "aria-labelledby": "review-heading" });
}

export function render(state) {
  const current = state.current;
  const view = byId("review-view");
  const actions = current.review?.actions ?? [];
  if (!changed(view, [current.item_id, actions, state.language])) return;
  view.replaceChildren(
    el("h2", { id: "review-heading", class: "projector-big", text: t("live.review.title") }),
    el("p", { class: "projector-hint", text: t("live.review.intro") }),
    actions.length
      ? el("ul", { class: "projector-list review-list" },
           actions.map((action) => el("li", {}, actionLine(action, state.language))))
      : el("p", { class: "projector-hint", text: t("live.review.empty") }),
  );
}
