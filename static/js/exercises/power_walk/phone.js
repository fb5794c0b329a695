/* The power walk on a participant's phone: Yes / No / Pass for the shown statement, the earlier
   statements it missed (to answer until the walk is over), and at the end its own private result.
   What is its own only this phone asks for (fetch_my_power_walk) and only this page holds: it is
   never in a snapshot. */

import { command, randomId } from "../../core/connection.js";
import { barView, byId, changed, el, enable, onClick, replaceKeepingFocus, setDeckText, setText, show }
  from "../../core/dom.js";
import { t, tn } from "../../core/text.js";
import { statementLine } from "./picture.js";
import { buildPhoneView, CHOICES } from "./phone_view.js";

// missed: index -> {index, text, dimension}, the earlier statements this phone left unanswered (from
// the server after a reload or reconnect, or seen here and left behind). Answered ones stay listed,
// with their answer pressed, so focus never vanishes from under the person.
// seen: the statements shown while this page was open, in `language`.
const mine = { itemId: null, answers: {}, role: null, result: null, deleted: false,
               missed: new Map(), seen: new Map(), language: null };
let fetchedKey = null;
let fetching = false;
let pending = null;   // {statement, choice} waiting for its ack
let resultFocused = null;
let latest = null;    // the newest render's context, for the answer buttons' click handlers
let caughtUp = null;  // {statement, choice}: the last missed statement answered, for the status line

async function fetchMine(ctx, itemId, key) {
  fetching = true;
  const ack = await command(ctx.socket, "fetch_my_power_walk", { item_id: itemId });
  fetching = false;
  if (!ack.ok) { ctx.message(ack.error.message); return; }
  if (mine.itemId !== itemId) return;
  fetchedKey = key;
  // The result stays on this page after the answers are deleted on the server.
  Object.assign(mine, { answers: ack.answers || {}, role: ack.role || mine.role,
                        result: ack.result || mine.result, deleted: !!ack.deleted });
  for (const missed of ack.missed || []) mine.missed.set(missed.index, missed);
  ctx.render();
}

/** Answers `statement`: the shown one, or an earlier one from the list of missed statements. */
async function choose(ctx, walk, itemId, statement, choice) {
  if (pending || walk.status !== "walking" || statement > walk.step
      || mine.answers[String(statement)] === choice) return;
  pending = { statement, choice };
  ctx.message("");
  ctx.render();
  const ack = await command(ctx.socket, "submit_power_answer",
                            { item_id: itemId, statement, choice, answer_id: randomId() });
  pending = null;
  if (ack.ok && mine.itemId === itemId) {
    mine.answers[String(ack.statement)] = ack.choice;
    if (mine.missed.has(ack.statement)) caughtUp = { statement: ack.statement, choice: ack.choice };
  }
  if (!ack.ok) ctx.message(ack.error.message);
  ctx.render();
}

/** One answer button; `statement()` says which statement it answers when pressed. */
function choiceButton(choice, statement = () => latest.walk.step, extra = {}) {
  const button = el("button", { type: "button", class: "choice", "data-choice": choice,
                                text: t(`live.power.choice.${choice}`), ...extra });
  onClick(button, () => choose(latest.ctx, latest.walk, latest.itemId, statement(), choice));
  return button;
}

/** Presses the chosen answer, marks the one being sent, and enables the buttons when they can send. */
function setChoices(buttons, chosen, statement, online) {
  for (const button of buttons) {
    const choice = button.dataset.choice;
    button.setAttribute("aria-pressed", String(choice === chosen));
    button.classList.toggle("is-sending", pending?.statement === statement && pending.choice === choice);
    enable(button, online && !pending);
  }
}

/** The earlier statements this phone left unanswered: each a labelled group of Yes / No / Pass. */
function renderMissed(walk, online, language) {
  if (walk.status === "walking" && walk.statement) {
    mine.seen.set(walk.step, { index: walk.step, text: walk.statement.text, dimension: walk.statement.dimension });
  }
  // A statement left behind without an answer joins the list (while the walk runs).
  for (const [index, seen] of mine.seen) {
    if (index < walk.step && !(String(index) in mine.answers) && !mine.missed.has(index)) mine.missed.set(index, seen);
  }
  const entries = walk.status === "walking"
    ? [...mine.missed.values()].filter((m) => m.index < walk.step).sort((a, b) => a.index - b.index) : [];
  show(byId("walk-missed"), entries.length > 0);
  const list = byId("walk-missed-list");
  if (changed(list, [entries, walk.count, language])) {
    // Rebuilt only when the list itself changes (not on an answer), keeping focus on the same button.
    replaceKeepingFocus(list, entries.map((missed) => {
      const label = `walk-missed-${missed.index}-label`;
      return el("li", { class: "walk-missed-item", "data-statement": String(missed.index) }, [
        el("div", { role: "group", "aria-labelledby": `${label} walk-missed-${missed.index}-text` }, [
          el("p", { id: label, class: "walk-position",
                    text: `${t("live.power.statement_of", { number: missed.index + 1, count: walk.count })}`
                      + ` · ${missed.dimension}` }),
          el("p", { id: `walk-missed-${missed.index}-text`, class: "deck-text", lang: language, text: missed.text }),
          el("div", { class: "choices" }, CHOICES.map((choice) => choiceButton(
            choice, () => missed.index, { "data-focus-key": `${missed.index}:${choice}` }))),
        ]),
      ]);
    }), byId("walk-missed-heading"));
  }
  for (const item of list.children) {
    const statement = Number(item.dataset.statement);
    setChoices(item.querySelectorAll("button"), mine.answers[String(statement)] || null, statement, online);
  }
  const saved = caughtUp && entries.some((m) => m.index === caughtUp.statement) ? caughtUp : null;
  setText(byId("walk-missed-status"), saved ? t("live.power.missed_saved", {
    choice: t(`live.power.choice.${saved.choice}`), number: saved.statement + 1 }) : "");
}

/** Draws the walk on a phone; ctx: {state, socket, online, message(text), render()}. */
export function render(state, ctx) {
  const online = ctx.online;
  const view = byId("walk-view");
  buildPhoneView(view, choiceButton);
  const walk = state.current.walk;
  const itemId = state.current.item_id;
  const language = state.language;
  latest = { ctx, walk, itemId };
  if (mine.itemId !== itemId || mine.language !== language) {
    // The texts of missed statements are in the phone's language: a new language asks for them again.
    if (mine.itemId !== itemId) Object.assign(mine, { itemId, answers: {}, role: null, result: null, deleted: false });
    Object.assign(mine, { missed: new Map(), seen: new Map(), language });
    fetchedKey = null;
    caughtUp = null;
  }
  // Back online after a dropped connection: ask again, for the statements missed meanwhile.
  if (!online) fetchedKey = null;
  // Asked again when the walk finishes (the result) and when the phone changes language (the role's words).
  const key = `${itemId}:${walk.status === "intro" || walk.status === "walking" ? "running" : walk.status}:${language}`;
  if (key !== fetchedKey && !fetching && online) fetchMine(ctx, itemId, key);

  const role = walk.mode === "roles" ? mine.role : null;
  show(byId("walk-role"), !!role && !mine.result);
  if (role) {
    setDeckText(byId("walk-role-name"), role.name, language);
    setDeckText(byId("walk-role-description"), role.description, language);
  }
  show(byId("walk-intro"), walk.status === "intro");
  show(byId("walk-intro-roles"), walk.mode === "roles");
  show(byId("walk-note"), !!walk.note);
  setDeckText(byId("walk-note"), walk.note || "", language);

  const walking = walk.status === "walking" && !!walk.statement;
  show(byId("walk-statement"), walking);
  if (walking) {
    setText(byId("walk-position"), statementLine(walk));
    setDeckText(byId("walk-statement-text"), walk.statement.text, language);
    const chosen = mine.answers[String(walk.step)] || null;
    setChoices(byId("walk-choices").querySelectorAll("button"), chosen, walk.step, online);
    setText(byId("walk-answer-status"), pending?.statement === walk.step ? t("live.phone.sending")
      : chosen ? t("live.power.saved", { choice: t(`live.power.choice.${chosen}`) }) : "");
  }
  renderMissed(walk, online, language);

  const over = walk.status === "finished" || walk.status === "revealed";
  const result = over ? mine.result : null;
  show(byId("walk-coming"), walk.status === "finished" && !result);
  show(byId("walk-deleted"), walk.status === "revealed" && !result);
  show(byId("walk-result"), !!result);
  if (result) renderResult(result, role, language);
  if (result && resultFocused !== itemId) { resultFocused = itemId; byId("walk-result-heading").focus(); }
}

function renderResult(result, role, language) {
  // "out of 1 statement" has its own sentence: a text has one count it can agree with.
  setText(byId("walk-result-steps"), tn(result.statements === 1 ? "live.power.result_steps_single"
    : "live.power.result_steps", result.steps, { steps: result.steps, count: result.statements }));
  show(byId("walk-result-role"), !!role);
  if (role) setDeckText(byId("walk-result-role"), t("live.power.result_role", { role: role.name }), language);
  setText(byId("walk-result-answered"), tn("live.power.result_answered", result.statements,
                                           { answered: result.answered, passes: result.passes }));
  const profile = byId("walk-profile");
  if (changed(profile, [result.dimensions, language])) {
    profile.replaceChildren(...result.dimensions.map((d) => el("li", { class: "results-row" }, [
      el("span", { class: "results-label", lang: language, text: d.title }),
      barView(d.statements ? d.yes / d.statements : 0, d.yes > 0),
      el("span", { class: "results-value", text: t("live.power.profile_row",
                                                   { yes: d.yes, count: d.statements, passes: d.pass }) }),
    ])));
  }
  setText(byId("walk-reflection"), t(`live.power.reflection.${result.reflection}`));
  show(byId("walk-reflection-role"), !!role);
}
