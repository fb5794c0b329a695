/* The risk map on a participant's phone: every factor with Not at all / Somewhat / Very / Don't
   know, answered at the person's own pace; its own answers are known only to this phone. */

import { command, randomId } from "../../core/connection.js";
import { byId, changed, el, enable, onClick, setText } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { choiceLabel } from "./ranked.js";

const mine = { itemId: null, answers: {} };
let pendingFactor = null;

export function render(state, ctx) {
  const current = state.current;
  const map = current.risk_map;
  const language = state.language;
  if (mine.itemId !== current.item_id) Object.assign(mine, { itemId: current.item_id, answers: {} });
  if (map.mine) Object.assign(mine.answers, map.mine);
  const view = byId("risk-view");
  if (changed(view, [current.item_id, map.factors, language])) {
    view.replaceChildren(
      el("h2", { id: "risk-heading", class: "card-kind", text: t("live.risk.heading") }),
      el("p", { class: "phone-lead", text: t("live.risk.question") }),
      el("p", { class: "hint", text: t("live.risk.own_pace") }),
      el("p", { id: "risk-progress", class: "answer-status", "aria-live": "polite" }),
      el("ol", { class: "risk-factors" }, map.factors.map((factor) => factorView(ctx, map, factor, language))),
    );
  }
  const answered = map.factors.filter((f) => mine.answers[f.id]).length;
  setText(byId("risk-progress"), current.answers_open
    ? t("live.risk.progress", { answered, total: map.factors.length }) : t("live.answers_closed"));
  for (const button of view.querySelectorAll("button[data-factor]")) {
    const { factor, choice } = button.dataset;
    button.setAttribute("aria-pressed", String(mine.answers[factor] === choice));
    button.classList.toggle("is-sending", pendingFactor === factor);
    enable(button, ctx.online && current.answers_open && !pendingFactor);
  }
}

function factorView(ctx, map, factor, language) {
  const headingId = `risk-factor-${factor.id}`;
  const buttons = map.choices.map((choice) => {
    const button = el("button", { type: "button", class: "choice", "data-factor": factor.id, "data-choice": choice,
                                  "data-focus-key": `${factor.id}-${choice}`, text: choiceLabel(choice) });
    onClick(button, () => choose(ctx, factor.id, choice));
    return button;
  });
  const parts = [
    el("h3", { id: headingId, class: "deck-text", lang: language, text: factor.name }),
    el("p", { class: "deck-text", lang: language, text: factor.description }),
  ];
  if (factor.examples.length) {
    parts.push(el("details", { class: "risk-examples" }, [
      el("summary", { text: t("live.risk.examples") }),
      el("ul", {}, factor.examples.map((example) => el("li", { lang: language, text: example }))),
    ]));
  }
  parts.push(el("div", { class: "choices", role: "group", "aria-labelledby": headingId }, buttons));
  return el("li", { class: "risk-factor" }, parts);
}

async function choose(ctx, factor, choice) {
  const current = ctx.state?.current;
  if (!current || !current.answers_open || pendingFactor || mine.answers[factor] === choice) return;
  const itemId = current.item_id;
  pendingFactor = factor;
  ctx.message("");
  ctx.render();
  const ack = await command(ctx.socket, "submit_risk_answer",
                            { item_id: itemId, factor, choice, answer_id: randomId() });
  pendingFactor = null;
  if (ack.ok && mine.itemId === itemId) mine.answers[factor] = ack.choice || choice;
  if (!ack.ok) ctx.message(ack.error.message);
  ctx.render();
}
