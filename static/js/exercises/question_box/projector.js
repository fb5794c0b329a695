/* The question box on the big screen: the approved questions the room has seen, most votes first
   (then by a random id, never by arrival), with their totals as moved on the count cadence. As many
   as fit one screen; more come a page at a time, like the reflections (core/paged_list.js). */

import { addSection, byId, changed, el } from "../../core/dom.js";
import { pagedList } from "../../core/paged_list.js";
import { t } from "../../core/text.js";
import { countedQuestion } from "./votes.js";

const questionPages = pagedList("question-box-list", "question-box-page");
let shownSet = "";  // the item and the ids of its questions last drawn, in no order

/** Adds the question box's own section beside the card's, once. */
export function start() {
  addSection("question-box-view", "card-view",
             { class: "view question-box-view", "aria-labelledby": "question-box-heading" });
  questionPages.start();
}

export function render(state) {
  const view = byId("question-box-view");
  const questions = state.current.question_box?.questions ?? [];
  if (!changed(view, [state.current.item_id, questions, state.language])) return;
  // Only the totals moved: the same questions stay on the page the room is reading.
  const set = JSON.stringify([state.current.item_id, questions.map((question) => question.id).sort()]);
  const sameQuestions = set === shownSet;
  shownSet = set;
  view.replaceChildren(
    el("h2", { id: "question-box-heading", class: "projector-big", text: t("live.questions.title") }),
    el("p", { class: "projector-hint", text: t("live.questions.intro") }),
    questions.length
      ? el("ol", { id: "question-box-list", class: "projector-list question-list" },
           questions.map((question, index) => numbered(countedQuestion(question), index + 1)))
      : el("p", { class: "projector-hint", text: t("live.questions.empty") }),
    el("p", { id: "question-box-page", class: "reflection-page", hidden: true }),
  );
  questionPages.paginate(sameQuestions);
}

/** Its number in the whole list, so the second page goes on from the first rather than at 1. */
function numbered(item, number) {
  item.value = number;
  return item;
}
