/* Cards and statements on the console: whether answers and reflections are open, the results
   once revealed, the reflections the room has seen, and which of the shared buttons apply. The
   card's own text and notes are drawn by the console screen, as for every kind of item. */

import { byId, changed, el, show, setText } from "../../core/dom.js";
import { reflectionText } from "../../core/snapshot.js";
import { t } from "../../core/text.js";
import { resultsView } from "./results.js";

export function render(state) {
  const current = state.current;
  const facts = [];
  if (current.choices.length) facts.push(t(current.answers_open ? "live.console.answers_open" : "live.console.answers_closed"));
  if (current.choices.length && current.round > 1) facts.unshift(t("live.console.round", { round: current.round }));
  if (current.reflections.open) facts.push(t("live.console.reflections_open"));
  setText(byId("current-answers"), facts.join(" "));

  show(byId("current-results-section"), !!current.results);
  const results = byId("current-results");
  if (current.results && changed(results, [current.results, current.choices])) {
    results.replaceChildren(resultsView(current.results, current.choices));
  }
  const reflections = current.reflections.shown;
  show(byId("current-shown-section"), reflections.length > 0);
  const shown = byId("current-shown");
  if (changed(shown, reflections)) {
    shown.replaceChildren(...reflections.map((r) => el("li", { text: reflectionText(r) })));
  }
}

/** "12 of 20 have answered", while a statement takes answers. */
export function renderCount(state) {
  const current = state.current;
  const voting = current.phase === "card" && current.choices.length > 0;
  show(byId("count-answered"), voting);
  if (voting) {
    setText(byId("count-answered"), t("live.console.answered", { answered: current.answered || 0,
                                                                 connected: state.connected || 0 }));
  }
}

/** Which of the console's shared buttons a card or statement offers now. */
export function controls(state) {
  const current = state.current;
  const open = state.workshop.status === "open";
  const atCard = open && current.phase === "card";
  const voting = atCard && current.choices.length > 0;
  const revealed = !!current.results;
  return {
    // Closing also ends written reflections, which only reach the projector once closed.
    "close-answers": atCard && current.answers_open && (voting || current.reflections.open),
    "reveal-results": voting && !revealed,
    "hide-results": open && revealed,
    "open-reflections": atCard && !current.reflections.open,
    // Asking again makes sense once the first round is closed and talked about.
    "second-round": voting && !current.answers_open && current.round === 1,
  };
}
