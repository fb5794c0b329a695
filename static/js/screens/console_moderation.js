/* The console's moderation queue: written reflections and the question box's questions wait here until
   the facilitator approves or rejects each one; only approved ones can reach the projector. Both
   queues list texts by their random ids (never in the order they came) with the same two buttons. */

import { byId, changed, el, enable, onClick, replaceKeepingFocus, setText, show } from "../core/dom.js";
import { t, tn } from "../core/text.js";

// What differs between the two queues: the event, its id field, and where the queue is drawn.
const QUEUES = {
  reflection: { event: "moderate_reflection", field: "reflection_id", list: "moderation-pending",
                heading: "moderation-heading", of: (state) => state.moderation },
  question: { event: "moderate_question", field: "question_id", list: "question-queue-pending",
              heading: "question-queue-heading", of: (state) => state.moderation?.questions },
};

/** Draws both queues and their held and approved counts from `screen.state`. */
export function renderModeration(screen) {
  const { state, online } = screen;
  const moderation = state.moderation || { pending: [], held: 0, approved: 0 };
  show(byId("moderation-empty"), moderation.pending.length === 0);
  setText(byId("moderation-held"), tn("live.console.held", moderation.held || 0));
  setText(byId("moderation-approved"), tn("live.console.approved", moderation.approved || 0));
  renderQueue(screen, "reflection", moderation.pending, online);
  renderQuestions(screen);
}

function renderQueue(screen, kind, pending, online) {
  const queue = QUEUES[kind];
  const list = byId(queue.list);
  if (!changed(list, [pending, online])) return;
  const items = pending.map((entry) => {
    const textId = `${kind}-${entry.id}`;
    const button = (decision, label) => {
      const node = el("button", { type: "button", class: `button ${decision}`, "aria-describedby": textId,
                                  "data-focus-key": `${decision}-${entry.id}`,
                                  "aria-disabled": online ? null : "true", text: label });
      onClick(node, () => moderate(screen, kind, entry.id, decision));
      return node;
    };
    return el("li", { class: "moderation-item" }, [
      el("p", { id: textId, class: "reflection-text", text: entry.text }),
      el("div", { class: "row-buttons" }, [button("approve", t("live.console.approve")),
                                            button("reject", t("live.console.reject"))]),
    ]);
  });
  replaceKeepingFocus(list, items, byId(queue.heading));
}

/** The question box's queue, below the reflections' in the same panel; built once, here, so every page
    that shows the moderation panel (the console, a moderator's view) gets it without markup of its own. */
function questionBlock(screen) {
  const existing = byId("question-queue");
  if (existing) return existing;
  const collect = el("button", { type: "button", id: "collect-questions", class: "button",
                                 "aria-describedby": "question-queue-hint", text: t("live.questions.collect") });
  onClick(collect, () => screen.run("collect-questions", "collect_questions"));
  const add = el("button", { type: "button", id: "add-question-box", class: "button",
                             text: t("live.questions.add") });
  onClick(add, () => screen.run("add-question-box", "add_question_box"));
  const block = el("div", { id: "question-queue", class: "question-queue", role: "group",
                            "aria-labelledby": "question-queue-heading" }, [
    el("h3", { id: "question-queue-heading", tabindex: "-1", text: t("live.questions.queue") }),
    el("p", { id: "question-queue-hint", class: "hint", text: t("live.questions.collect_hint") }),
    el("p", { id: "question-queue-empty", class: "hint", text: t("live.questions.queue_empty") }),
    el("ul", { id: "question-queue-pending", class: "moderation-list" }),
    el("p", { id: "question-queue-held", class: "count" }),
    el("p", { id: "question-queue-approved", class: "count" }),
    el("div", { class: "row-buttons" }, [collect, add]),
    el("h4", { id: "question-removable-heading", tabindex: "-1", text: t("live.questions.removable") }),
    el("p", { id: "question-removable-hint", class: "hint", text: t("live.questions.removable_hint") }),
    el("ul", { id: "question-removable", class: "moderation-list" }),
  ]);
  byId("moderation-approved").after(block);
  return block;
}

function renderQuestions(screen) {
  const { state, online } = screen;
  const queue = state.moderation?.questions;
  if (!queue || !byId("moderation-approved")) return;
  questionBlock(screen);
  const open = state.workshop.status === "open";
  show(byId("question-queue-empty"), queue.pending.length === 0);
  setText(byId("question-queue-held"), tn("live.questions.held", queue.held || 0));
  setText(byId("question-queue-approved"), tn("live.questions.approved", queue.approved || 0));
  renderQueue(screen, "question", queue.pending, online);
  renderRemovable(screen, queue.removable || [], online && open);
  const collect = byId("collect-questions");
  show(collect, open);
  enable(collect, online && !screen.busy?.("collect-questions"));
  // One question box per workshop; the agenda (the console's only) says whether it has one.
  const add = byId("add-question-box");
  const hasBox = !state.agenda || state.agenda.some((item) => item.kind === "question_box");
  show(add, state.workshop.status !== "ended" && !hasBox);
  enable(add, online && !screen.busy?.("add-question-box"));
}

/** Approved questions, each with a button that takes it down from the projector and the phones for good. */
function renderRemovable(screen, removable, online) {
  const list = byId("question-removable");
  show(byId("question-removable-heading"), removable.length > 0);
  show(byId("question-removable-hint"), removable.length > 0);
  if (!changed(list, [removable, online])) return;
  const items = removable.map((entry) => {
    const textId = `removable-${entry.id}`;
    const button = el("button", { type: "button", class: "button reject", "aria-describedby": textId,
                                  "data-focus-key": `remove-${entry.id}`, "aria-disabled": online ? null : "true",
                                  text: t("live.questions.remove") });
    onClick(button, async () => {
      const ack = await screen.run(`remove-${entry.id}`, "remove_question", { question_id: entry.id });
      const queue = screen.state.moderation?.questions;
      if (ack?.ok && queue) {  // the new state follows; take it off the list at once
        queue.removable = (queue.removable || []).filter((item) => item.id !== entry.id);
        queue.approved = Math.max((queue.approved || 1) - 1, 0);
        renderModeration(screen);
        byId("question-removable-heading").focus();
      }
    });
    return el("li", { class: "moderation-item" }, [
      el("p", { id: textId, class: "reflection-text", text: entry.text }),
      el("div", { class: "row-buttons" }, [button]),
    ]);
  });
  replaceKeepingFocus(list, items, byId("question-removable-heading"));
}

async function moderate(screen, kind, id, decision) {
  const queue = QUEUES[kind];
  const ack = await screen.run(`${decision}-${id}`, queue.event, { [queue.field]: id, decision });
  const shown = queue.of(screen.state);
  // The server may not send a new snapshot for each decision: take the item off the queue here.
  if (ack?.ok && shown) {
    const before = document.activeElement;
    shown.pending = shown.pending.filter((entry) => entry.id !== id);
    if (decision === "approve") shown.approved = (shown.approved || 0) + 1;
    renderModeration(screen);
    const next = byId(queue.list).querySelector("button");
    if (!before || !before.isConnected) (next || byId(queue.heading)).focus();
  }
}
