/* A question with its votes as words ("3 votes"), never by size or colour alone. */

import { el } from "../../core/dom.js";
import { tn } from "../../core/text.js";

export function countedQuestion(question, language) {
  return el("li", { class: "question-item" }, [
    el("span", { class: "question-text deck-text", lang: language, text: question.text }),
    el("span", { class: "question-votes", text: ` (${tn("live.questions.votes", question.votes)})` }),
  ]);
}
