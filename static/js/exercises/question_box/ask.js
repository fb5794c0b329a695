/* "Ask a question anonymously": a calm control on the phone under every item, folded until opened.
   The question is acked to this phone only; nothing shows anywhere else until the facilitator's queue
   takes it in with others, and nothing is said of when it was sent. */

import { command } from "../../core/connection.js";
import { byId, el, setText } from "../../core/dom.js";
import { t } from "../../core/text.js";

const MAX = 280;  // the server's own limit (domain/question_box.py), said again in the ack when passed

export const hasDraft = () => !!byId("question-text")?.value.trim();

/** Adds the control once, before the pause button, inside the live part of the phone's page. */
export function startAsking(ctx) {
  if (byId("question-ask")) return;
  const text = el("textarea", { id: "question-text", name: "text", rows: "3", maxlength: String(MAX),
                                "aria-describedby": "question-hint question-count" });
  const count = el("p", { id: "question-count", class: "hint counter" });
  const status = el("p", { id: "question-status", class: "answer-status", role: "status", "aria-live": "polite" });
  const send = el("button", { type: "submit", id: "send-question", class: "button primary",
                              text: t("live.questions.send") });
  const form = el("form", { id: "question-form", class: "reflection-form", novalidate: true }, [
    el("label", { for: "question-text", text: t("live.questions.ask_label", { max: MAX }) }),
    el("p", { id: "question-hint", class: "hint", text: t("live.questions.ask_hint") }),
    text, count, send,
  ]);
  const box = el("details", { id: "question-ask", class: "question-ask" }, [
    el("summary", { id: "question-ask-summary", class: "button question-ask-summary",
                    text: t("live.questions.ask_open") }),
    form, status,
  ]);
  byId("pause-section").before(box);
  // Only while the workshop runs: before the start or after the end there is nobody to read it.
  box.hidden = ctx.state?.workshop.status !== "open";
  ctx.socket.on("workshop_state", (snapshot) => { box.hidden = snapshot.workshop.status !== "open"; });
  const counted = () => setText(count, `${text.value.length} / ${MAX}`);
  text.addEventListener("input", counted);
  counted();

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const question = text.value.trim();
    if (!question) { setText(status, t("live.questions.empty_text")); text.focus(); return; }
    if (question.length > MAX) {
      setText(status, t("live.questions.too_long", { max: MAX, count: question.length }));
      text.focus();
      return;
    }
    busy = true;
    send.setAttribute("aria-disabled", "true");
    const ack = await command(ctx.socket, "ask_question", { text: question });
    busy = false;
    send.removeAttribute("aria-disabled");
    if (ack.ok) {
      text.value = "";
      counted();
      setText(status, t("live.questions.sent"));
    } else {
      setText(status, ack.error.code === "rate_limited" ? t("live.questions.rate_limited") : ack.error.message);
      text.focus();
    }
  });
}
