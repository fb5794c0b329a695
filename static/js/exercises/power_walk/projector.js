/* The power walk on the big screen: the explanation, the statement and how many answered it, and
   after the reveal the anonymous picture (or only "too few") with the debrief questions. */

import { byId, changed, el, setText } from "../../core/dom.js";
import { kindLabel, t, tn } from "../../core/text.js";
import { debriefView, pictureView, statementLine } from "./picture.js";

export function render(state) {
  const walk = state.current.walk;
  const view = byId("walk-view");
  const language = state.language;
  if (changed(view, [walk, language])) {
    const parts = [el("h2", { class: "card-kind", id: "walk-heading", text: kindLabel("power_walk") })];
    if (walk.status === "intro") {
      parts.push(el("p", { class: "projector-text size-l", text: t("live.power.projector_intro") }),
                 el("p", { class: "projector-hint", text: t("live.power.intro_3") }));
      if (walk.mode === "roles") parts.push(el("p", { class: "projector-hint", text: t("live.power.intro_roles") }));
    } else if (walk.status === "walking" && walk.statement) {
      parts.push(el("p", { class: "walk-position", text: statementLine(walk) }),
                 el("p", { id: "walk-statement-text", class: "projector-text deck-text size-l", lang: language,
                           text: walk.statement.text }),
                 el("p", { class: "projector-hint", text: t("live.projector.answer_on_phone") }));
    } else if (walk.status === "finished") {
      parts.push(el("p", { class: "projector-text size-l", text: t("live.power.finished") }));
    } else if (walk.status === "revealed" && walk.picture) {
      parts.push(el("div", { id: "walk-picture", class: "projector-results" }, pictureView(walk.picture)));
      // Below the minimum the room sees nothing but "too few": no questions about a picture it cannot see.
      if (!walk.picture.suppressed) parts.push(debriefView(walk, language));
    }
    parts.push(el("p", { id: "walk-answered", class: "answer-status", "aria-live": "polite" }));
    view.replaceChildren(...parts);
  }
  renderCount(state);
}

/** How many answered the shown statement, while the walk goes on. */
export function renderCount(state) {
  const line = byId("walk-answered");
  if (!line || !state.current.walk) return;
  const walking = state.current.walk.status === "walking";
  setText(line, walking ? tn("live.projector.answered", state.current.answered || 0) : "");
}
