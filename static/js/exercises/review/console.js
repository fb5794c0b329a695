/* "What we agreed last time" on the console: the same actions as on the projector, each with "Done"
   and "Carry over"; aria-pressed says which one the action has now. */

import { addSection, byId, changed, el, enable, onClick, replaceKeepingFocus, show } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { actionLine } from "./actions.js";

const STATUSES = ["done", "carried_over"];

/** Adds the review's own section beside the risk map's, once. */
export function start() {
  addSection("review-console", "risk-console",
             { class: "review-console", "aria-labelledby": "review-console-heading" });
}

export function render(state, ctx) {
  const { run, online, busy } = ctx;
  const box = byId("review-console");
  const current = state.current;
  const on = state.workshop.status !== "ended" && current.phase === "card" && !!current.review;
  show(box, on);
  if (!on) return;
  const itemId = current.item_id;
  const actions = current.review.actions;
  const waiting = actions.flatMap((a) => STATUSES.map((status) => `review-${a.id}-${status}`)).filter(busy);
  if (!changed(box, [itemId, actions, state.language, online, waiting])) return;

  const button = (action, status) => {
    const id = `review-${action.id}-${status}`;
    const node = el("button", { type: "button", id, class: "button", "data-focus-key": id,
                                "aria-pressed": String(action.status === status),
                                "aria-describedby": `review-${action.id}-text`,
                                text: t(`live.review.mark_${status}`) });
    enable(node, online && !busy(id));
    onClick(node, () => run(id, "review_action", { item_id: itemId, action_id: action.id, status }));
    return node;
  };
  const items = actions.map((action) => el("li", { class: "review-item" }, [
    el("p", { id: `review-${action.id}-text`, class: "review-action" }, actionLine(action, state.language)),
    el("div", { class: "row-form" }, STATUSES.map((status) => button(action, status))),
  ]));
  replaceKeepingFocus(box, [
    el("h3", { id: "review-console-heading", text: t("live.review.title") }),
    items.length ? el("ul", { class: "review-list" }, items) : el("p", { text: t("live.review.empty") }),
  ], byId("current-heading"));
}
