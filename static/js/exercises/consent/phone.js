/* The consent round on a participant's phone: each section of the guidelines with "I can live with
   it" / "It needs changing" / "I object", answered at the person's own pace; its own answers are
   known only to this phone (the server sends them in this phone's own snapshot only). */

import { command, randomId } from "../../core/connection.js";
import { addSection, byId, changed, el, enable, onClick, replaceKeepingFocus, setText } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { choiceLabel, guidelineBlock } from "./guidelines.js";

const mine = { itemId: null, answers: {} };
let pendingGuideline = null;

/** Adds the consent round's own section beside the card's, once. */
export function start() {
  addSection("consent-view", "card-view", { class: "view consent-view", "aria-labelledby": "consent-heading" });
}

export function render(state, ctx) {
  const current = state.current;
  const consent = current.consent;
  // A broadcast to all phones leaves out `mine`: what this phone learnt from its acks stays.
  if (mine.itemId !== current.item_id) Object.assign(mine, { itemId: current.item_id, answers: {} });
  if (consent.mine) Object.assign(mine.answers, consent.mine);
  const view = byId("consent-view");
  if (changed(view, [current.item_id, consent.guidelines, consent.choices, state.language])) {
    replaceKeepingFocus(view, [
      el("h2", { id: "consent-heading", class: "card-kind", text: t("live.consent.title") }),
      el("p", { class: "phone-lead", text: t("live.consent.question") }),
      el("p", { id: "consent-progress", class: "answer-status", "aria-live": "polite" }),
      el("ol", { class: "consent-guidelines" }, consent.guidelines.map(
        (g) => guidelineBlock(g, state.language, [choicesFor(ctx, consent, g)]))),
    ], byId("consent-heading"));
  }
  const answered = consent.guidelines.filter((g) => mine.answers[g.id]).length;
  setText(byId("consent-progress"), current.answers_open
    ? t("live.consent.progress", { count: answered, total: consent.guidelines.length }) : t("live.answers_closed"));
  for (const button of view.querySelectorAll("button[data-guideline]")) {
    const { guideline, choice } = button.dataset;
    button.setAttribute("aria-pressed", String(mine.answers[guideline] === choice));
    button.classList.toggle("is-sending", pendingGuideline === guideline);
    enable(button, ctx.online && current.answers_open && !pendingGuideline);
  }
}

function choicesFor(ctx, consent, guideline) {
  const buttons = consent.choices.map((choice) => {
    const button = el("button", { type: "button", class: "choice", "data-guideline": guideline.id,
                                  "data-choice": choice, "data-focus-key": `${guideline.id}-${choice}`,
                                  text: choiceLabel(choice) });
    onClick(button, () => choose(ctx, guideline.id, choice));
    return button;
  });
  return el("div", { class: "choices", role: "group", "aria-labelledby": `consent-${guideline.id}` }, buttons);
}

async function choose(ctx, guideline, choice) {
  const current = ctx.state?.current;
  if (!current || !current.answers_open || pendingGuideline || mine.answers[guideline] === choice) return;
  const itemId = current.item_id;
  pendingGuideline = guideline;
  ctx.message("");
  ctx.render();
  const ack = await command(ctx.socket, "submit_consent",
                            { item_id: itemId, guideline, choice, answer_id: randomId() });
  pendingGuideline = null;
  if (ack.ok && mine.itemId === itemId) mine.answers[guideline] = ack.choice || choice;
  if (!ack.ok) ctx.message(ack.error.message);
  ctx.render();
}
