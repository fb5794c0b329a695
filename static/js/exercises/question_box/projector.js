/* The question box on the big screen: the approved questions the room has seen, most votes first
   (then by a random id, never by arrival), with their totals as moved on the count cadence. */

import { addSection, byId, changed, el } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { countedQuestion } from "./votes.js";

/** Adds the question box's own section beside the card's, once. */
export function start() {
  addSection("question-box-view", "card-view",
             { class: "view question-box-view", "aria-labelledby": "question-box-heading" });
}

export function render(state) {
  const view = byId("question-box-view");
  const questions = state.current.question_box?.questions ?? [];
  if (!changed(view, [state.current.item_id, questions, state.language])) return;
  view.replaceChildren(
    el("h2", { id: "question-box-heading", class: "projector-big", text: t("live.questions.title") }),
    el("p", { class: "projector-hint", text: t("live.questions.intro") }),
    questions.length
      ? el("ol", { id: "question-box-list", class: "projector-list question-list" },
           questions.map((question) => countedQuestion(question)))
      : el("p", { class: "projector-hint", text: t("live.questions.empty") }),
  );
}
