/* A question with its votes as words ("3 votes"), never by size or colour alone. */

import { el } from "../../core/dom.js";
import { tn } from "../../core/text.js";

/** What people typed carries no language of its own: it is read in the page's. */
export function countedQuestion(question) {
  return el("li", { class: "question-item" }, [
    el("span", { class: "question-text", text: question.text }),
    el("span", { class: "question-votes", text: ` (${tn("live.questions.votes", question.votes)})` }),
  ]);
}
