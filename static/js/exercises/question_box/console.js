/* The question box on the console: what the projector shows (most votes first), and how many approved
   questions wait for enough others to be shown together. The queue itself is in the moderation panel. */

import { addSection, byId, changed, el } from "../../core/dom.js";
import { t, tn } from "../../core/text.js";
import { countedQuestion } from "./votes.js";

/** Adds the question box's own section beside the risk map's, once. */
export function start() {
  addSection("question-box-console", "risk-console",
             { class: "question-box-console", "aria-labelledby": "question-box-console-heading" });
}

export function render(state) {
  const box = byId("question-box-console");
  const part = state.current.question_box;
  if (!part || !changed(box, [state.current.item_id, part, state.language])) return;
  box.replaceChildren(...[
    el("h3", { id: "question-box-console-heading", text: t("live.questions.console_shown") }),
    part.questions.length
      ? el("ol", { class: "question-list" }, part.questions.map((q) => countedQuestion(q)))
      : el("p", { class: "hint", text: t("live.questions.empty") }),
    part.waiting_for_batch
      ? el("p", { class: "count", text: tn("live.questions.console_waiting", part.waiting_for_batch,
                                           { batch: part.batch }) })
      : null,
  ].filter(Boolean));
}
