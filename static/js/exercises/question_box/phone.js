/* The question box on a participant's phone: the approved questions the room has seen, in an order
   that follows neither arrival nor votes, each with an Upvote button (one vote per phone; the totals
   are on the big screen only). Asking is open on every item: `start` adds that control (ask.js). */

import { command } from "../../core/connection.js";
import { addSection, byId, changed, el, enable, onClick } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { hasDraft, startAsking } from "./ask.js";

const voted = new Set();  // this phone's own votes: from its own snapshot and its acknowledgements
const sending = new Set();

export { hasDraft };

export function start(ctx) {
  addSection("question-box-phone", "card-view",
             { class: "view question-box-phone", "aria-labelledby": "question-box-phone-heading" });
  startAsking(ctx);
}

/** Broadcasts to all phones leave out `voted` (it belongs to one phone): keep what this phone knows. */
export function keepOwn(previous, snapshot) {
  const part = snapshot.current?.question_box;
  if (part && !("voted" in part)) part.voted = previous?.current?.question_box?.voted ?? [];
}

export function render(state, ctx) {
  const view = byId("question-box-phone");
  const part = state.current.question_box;
  for (const id of part.voted ?? []) voted.add(id);
  if (changed(view, [state.current.item_id, part.questions, state.language])) {
    view.replaceChildren(
      el("h2", { id: "question-box-phone-heading", class: "card-kind", text: t("live.questions.title") }),
      el("p", { class: "hint", text: t("live.questions.phone_intro") }),
      part.questions.length
        ? el("ul", { class: "phone-list question-list" }, part.questions.map((question) => el("li", {
            class: "question-item" }, [
            el("p", { id: `question-${question.id}`, class: "question-text", text: question.text }),
            el("button", { type: "button", class: "button upvote", "data-question": question.id,
                           "data-focus-key": `upvote-${question.id}`, "aria-describedby": `question-${question.id}` }),
          ])))
        : el("p", { class: "phone-lead", text: t("live.questions.phone_empty") }),
    );
    for (const button of view.querySelectorAll("button[data-question]")) {
      onClick(button, () => upvote(ctx, button.dataset.question));
    }
  }
  for (const button of view.querySelectorAll("button[data-question]")) {
    const id = button.dataset.question;
    const mine = voted.has(id);
    button.textContent = mine ? t("live.questions.upvoted") : t("live.questions.upvote");
    button.setAttribute("aria-pressed", String(mine));  // said in words as well as by the state
    enable(button, ctx.online && !mine && !sending.has(id) && state.workshop.status === "open");
  }
}

async function upvote(ctx, id) {
  sending.add(id);
  ctx.render();
  const ack = await command(ctx.socket, "upvote_question", { question_id: id });
  sending.delete(id);
  if (ack.ok) voted.add(id);
  else ctx.message(ack.error.message);
  ctx.render();
}
