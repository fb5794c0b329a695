/* Cards and statements on the big screen: the card in large type, only a count while answers come
   in (promise 4), the revealed distribution and the approved reflections. */

import { setBigText } from "../../core/big_text.js";
import { byId, changed, el, setText, show } from "../../core/dom.js";
import { pagedList } from "../../core/paged_list.js";
import { reflectionText } from "../../core/snapshot.js";
import { kindLabel, t, tn } from "../../core/text.js";
import { resultsView } from "./results.js";

const reflectionPages = pagedList("reflections-list", "reflections-page");

export function render(state) {
  const current = state.current;
  setText(byId("card-kind"), kindLabel(current.kind));
  setBigText(byId("card-text"), current.text, state.language);

  const voting = current.choices.length > 0;
  // Discussion prompts wait until answering is over, so they do not steer the answers.
  const lines = voting && current.answers_open ? current.follow_ups : [...current.follow_ups, ...current.prompts];
  const list = byId("card-list");
  show(list, lines.length > 0);
  if (changed(list, [lines, state.language])) {
    list.replaceChildren(...lines.map((line) => el("li", { lang: state.language, text: line })));
  }

  show(byId("answer-hint"), voting && current.answers_open && current.round === 1);
  show(byId("round-hint"), voting && current.answers_open && current.round > 1);
  show(byId("reflections-open"), current.reflections.open);

  const results = byId("results");
  show(results, !!current.results);
  if (current.results && changed(results, [current.results, current.choices])) {
    results.replaceChildren(resultsView(current.results, current.choices));
  }

  const shown = current.reflections.shown;
  show(byId("reflections"), shown.length > 0);
  // Beside the card, not below it: the reflections take a column of their own, a page at a time.
  byId("card-view").classList.toggle("has-reflections", shown.length > 0);
  const reflections = byId("reflections-list");
  if (changed(reflections, [shown, !!current.results])) {
    reflections.replaceChildren(...shown.map((r) => el("li", { text: reflectionText(r) })));
    reflectionPages.paginate();
  }
}

export const start = () => reflectionPages.start();

/** How many have answered, never what, while a statement takes answers. */
export function renderCount(state) {
  const current = state.current;
  const status = byId("answer-status");
  const voting = current.phase === "card" && current.choices.length > 0;
  if (!voting || current.results) setText(status, "");
  else if (current.answers_open) setText(status, tn("live.projector.answered", current.answered || 0));
  else setText(status, t("live.answers_closed"));
}
