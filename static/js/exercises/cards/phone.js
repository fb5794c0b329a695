/* Cards and statements on a participant's phone: the card in the phone's language, one answer the
   person can change or withdraw while answers are open, and an optional written reflection. */

import { command, randomId } from "../../core/connection.js";
import { byId, changed, el, enable, isEnabled, onClick, replaceKeepingFocus, setDeckText, setText, show }
  from "../../core/dom.js";
import { choiceLabel, kindLabel, t } from "../../core/text.js";

let ctx = null;             // the phone screen: {state, socket, online, message(text), render()}
let pendingChoice = null;   // the choice waiting for its ack
let lastAnswer = null;      // {item_id, round, choice, answer_id}: a resend reuses the id
let sendingReflection = false;
const reflectionIds = new Map(); // item_id -> reflection_id, one reflection per person and card
let draftItem = null;            // the item the text in the textarea was written for
let textarea = null;
let updateCounter = () => {};

const isStill = (item) => ctx.state?.current?.item_id === item.item_id && ctx.state.current.round === item.round;

async function choose(choice) {
  const current = ctx.state?.current;
  if (!current || !current.answers_open || pendingChoice || current.my_answer === choice) return;
  const item = { item_id: current.item_id, round: current.round };
  const resend = lastAnswer && isStill(lastAnswer) && lastAnswer.choice === choice;
  // The same id for a resend of the same choice (the server ignores a repeat); a new id for a
  // change of mind, or a change back would look like an old repeat and be ignored.
  lastAnswer = { ...item, choice, answer_id: resend ? lastAnswer.answer_id : randomId() };
  pendingChoice = choice;
  ctx.message("");
  ctx.render();
  const ack = await command(ctx.socket, "submit_answer",
                            { item_id: item.item_id, round: item.round, choice, answer_id: lastAnswer.answer_id });
  pendingChoice = null;
  // A repeat of an id already applied is acked with the answer stored now, none after a withdrawal.
  if (ack.ok && isStill(item)) ctx.state.current.my_answer = "choice" in ack ? ack.choice : choice;
  if (!ack.ok) ctx.message(ack.error.message);
  ctx.render();
}

async function withdraw() {
  const current = ctx.state?.current;
  if (!current) return;
  const item = { item_id: current.item_id, round: current.round };
  const ack = await command(ctx.socket, "withdraw_answer",
                            { item_id: item.item_id, round: item.round, withdrawal_id: randomId() });
  if (!ack.ok) { ctx.message(ack.error.message); return; }
  lastAnswer = null;
  if (isStill(item)) ctx.state.current.my_answer = null;
  ctx.message(t("live.phone.withdrawn"));
  ctx.render();
  byId("choices").querySelector("button")?.focus(); // the withdraw button has just gone
}

async function sendReflection(event) {
  event.preventDefault();
  const current = ctx.state?.current;
  if (!current || sendingReflection || !isEnabled(byId("send-reflection"))) return;
  const text = textarea.value.trim();
  if (!text) { ctx.message(t("live.phone.reflection_empty")); textarea.focus(); return; }
  const item = { item_id: current.item_id, round: current.round };
  if (!reflectionIds.has(item.item_id)) reflectionIds.set(item.item_id, randomId());
  sendingReflection = true;
  ctx.message("");
  ctx.render();
  const ack = await command(ctx.socket, "submit_reflection",
                            { item_id: item.item_id, text, reflection_id: reflectionIds.get(item.item_id) });
  sendingReflection = false;
  if (!ack.ok) { ctx.message(ack.error.message); ctx.render(); return; }
  textarea.value = "";
  updateCounter();
  if (isStill(item)) ctx.state.current.my_reflection_sent = true;
  ctx.render();
  byId("reflection-sent").focus();
}

/** Wires the card's controls that the page already has, once. */
export function start(screen) {
  ctx = screen;
  textarea = byId("reflection-text");
  const max = Number(textarea.getAttribute("maxlength"));
  updateCounter = () => setText(byId("reflection-count"),
                                t("live.phone.reflection_count", { count: textarea.value.length, max }));
  textarea.addEventListener("input", updateCounter);
  updateCounter();
  onClick(byId("withdraw-answer"), withdraw);
  byId("reflection-form").addEventListener("submit", sendReflection);
}

/** True while the person has written a reflection they have not sent. */
export const hasDraft = () => !!textarea?.value.trim();

/**
 * Broadcasts to all phones leave out `my_answer` (it belongs to one phone); for the same card
 * and round, keep what this phone already knows from its own snapshot and acknowledgements.
 */
export function keepOwn(previous, snapshot) {
  const before = previous?.current;
  const now = snapshot.current;
  if (now && before && before.item_id === now.item_id && before.round === now.round) {
    if (!("my_answer" in now)) now.my_answer = before.my_answer ?? null;
    if (!("my_reflection_sent" in now)) now.my_reflection_sent = before.my_reflection_sent ?? false;
  }
}

export function render(state) {
  const current = state.current;
  const language = state.language;
  setText(byId("card-kind"), kindLabel(current.kind));
  setDeckText(byId("card-text"), current.text, current.text_language || language);
  const voting = current.choices.length > 0;
  // Discussion prompts come after answering, as on the big screen, so they do not steer answers.
  const lines = voting && current.answers_open ? current.follow_ups : [...current.follow_ups, ...current.prompts];
  const list = byId("card-list");
  show(list, lines.length > 0);
  if (changed(list, [lines, language])) {
    list.replaceChildren(...lines.map((line) => el("li", { lang: language, text: line })));
  }
  show(byId("answer-section"), voting);
  show(byId("talk-only"), !voting);
  if (voting) renderAnswer(current);
  renderReflection(current);
}

function renderAnswer(current) {
  // A live region that stays in place, so a screen reader hears that the question is asked again.
  setText(byId("round-note"), current.round > 1 && current.answers_open ? t("live.phone.round_two") : "");
  const choices = byId("choices");
  if (changed(choices, [current.item_id, current.round, current.choices])) {
    const buttons = current.choices.map((choice) => {
      const button = el("button", { type: "button", class: "choice", "data-choice": choice,
                                    "data-focus-key": `choice-${choice}`, text: choiceLabel(choice) });
      onClick(button, () => choose(choice));
      return button;
    });
    replaceKeepingFocus(choices, buttons, byId("answer-heading"));
  }
  const online = ctx.online;
  for (const button of choices.querySelectorAll("button")) {
    const choice = button.dataset.choice;
    button.setAttribute("aria-pressed", String(choice === current.my_answer));
    button.classList.toggle("is-sending", choice === pendingChoice);
    enable(button, online && current.answers_open && !pendingChoice);
  }
  const mine = current.my_answer ? choiceLabel(current.my_answer) : null;
  let status = "";
  if (pendingChoice) status = t("live.phone.sending");
  else if (!current.answers_open) status = mine ? t("live.phone.closed_with_answer", { choice: mine }) : t("live.answers_closed");
  else if (mine) status = t("live.phone.answer_saved", { choice: mine });
  setText(byId("answer-status"), status);
  const withdrawButton = byId("withdraw-answer");
  show(withdrawButton, !!current.my_answer && current.answers_open);
  enable(withdrawButton, online && !pendingChoice);
}

function renderReflection(current) {
  // A draft belongs to the card it was written for; a new card starts with an empty box.
  if (draftItem !== current.item_id) {
    if (draftItem !== null) { textarea.value = ""; updateCounter(); }
    draftItem = current.item_id;
  }
  const open = current.reflections.open;
  const sent = !!current.my_reflection_sent;
  show(byId("reflection-section"), open || sent);
  show(byId("reflection-form"), open && !sent);
  show(byId("reflection-sent"), sent);
  enable(byId("send-reflection"), ctx.online && !sendingReflection);
}
