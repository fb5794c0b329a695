/* The guidelines of a consent round as every screen writes them, and the totals the projector and
   the console show once revealed: counts in words, below the minimum only "too few", and an
   objection said in words, never who. */

import { el } from "../../core/dom.js";
import { t, tn } from "../../core/text.js";

const CHOICES = ["live_with", "change", "object"];

export const choiceLabel = (choice) => t(`live.consent.choice.${choice}`);

/** The revealed totals of one guideline, when there are any. */
export const resultFor = (consent, guidelineId) => (consent.results || []).find((r) => r.guideline === guidelineId);

/** "I can live with it 5 · It needs changing 0 · I object 1 (6 answers)", and the objection in words. */
export function resultLines(result) {
  if (!result) return [];
  if (result.suppressed) {
    return [el("p", { class: "consent-result", text: t("live.results.suppressed", { min: result.min_answers }) })];
  }
  const counts = CHOICES.map((choice) => `${choiceLabel(choice)} ${result.counts[choice] || 0}`);
  return [
    el("p", { class: "consent-result", text: `${counts.join(" · ")} (${tn("live.results.total", result.total)})` }),
    el("p", { class: `consent-flag${result.objected ? " is-objected" : ""}`,
              text: t(result.objected ? "live.consent.objected" : "live.consent.no_objection") }),
  ];
}

/** One section of the guidelines: its heading (whose id labels the phone's choices), its lines, `extra`. */
export function guidelineBlock(guideline, language, extra, headingTag = "h3") {
  return el("li", { class: "consent-guideline" }, [
    el(headingTag, { id: `consent-${guideline.id}`, lang: language, text: guideline.heading }),
    guideline.lines.length
      ? el("ul", { class: "consent-lines" }, guideline.lines.map((line) => el("li", { lang: language, text: line })))
      : null,
    ...extra,
  ]);
}
