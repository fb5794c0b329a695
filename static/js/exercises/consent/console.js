/* The consent round on the console: the sections and, once revealed, the same totals as on the
   projector, so the facilitator can lead the talk. It closes, reveals and hides with the shared
   buttons, as a risk map does. */

import { addSection, byId, changed, el, setText, show } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { guidelineBlock, resultFor, resultLines } from "./guidelines.js";

/** Adds the consent round's own section beside the risk map's, once. */
export function start() {
  addSection("consent-console", "risk-console",
             { class: "consent-console", "aria-labelledby": "consent-console-heading" });
}

const asking = (state) => state.current.phase === "card" && !!state.current.consent;

/** Which of the console's shared buttons a consent round offers now. */
export function controls(state) {
  const current = state.current;
  const atCard = state.workshop.status === "open" && asking(state);
  const revealed = !!current.consent?.results;
  return {
    "close-answers": atCard && current.answers_open,
    "reveal-results": atCard && !revealed,
    "hide-results": state.workshop.status === "open" && revealed,
  };
}

/** "6 of 6 have answered": people who answered at least one section, never what. */
export function renderCount(state) {
  const on = asking(state);
  show(byId("count-answered"), on);
  if (on) {
    setText(byId("count-answered"), t("live.console.answered", { answered: state.current.answered || 0,
                                                                 connected: state.connected || 0 }));
  }
}

export function render(state) {
  const box = byId("consent-console");
  const on = state.workshop.status !== "ended" && asking(state);
  show(box, on);
  if (!on) return;
  const current = state.current;
  const consent = current.consent;
  if (!changed(box, [current.item_id, consent, state.language])) return;
  box.replaceChildren(
    el("h3", { id: "consent-console-heading", text: t("live.consent.title") }),
    el("ol", { class: "consent-guidelines" }, consent.guidelines.map(
      (g) => guidelineBlock(g, state.language, resultLines(resultFor(consent, g.id)), "h4"))),
  );
}
