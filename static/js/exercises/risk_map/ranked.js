/* The risk map's ranked heat map, as the projector and the console show it after the reveal: most
   present first, the level as a word as well as a colour, and the measures agreed for each factor. */

import { el } from "../../core/dom.js";
import { t, tn } from "../../core/text.js";

export const choiceLabel = (choice) => t(`live.risk.choice.${choice}`);
export const measuresFor = (map, factor) => map.measures.filter((m) => m.factor === factor);

/** "Very 2 · Somewhat 3 · Not at all 1 · Don't know 0 (6 answers)": every number in words. */
function countsLine(row) {
  const parts = ["very", "somewhat", "not_at_all", "dont_know"].map((c) => `${choiceLabel(c)} ${row.counts[c] || 0}`);
  return `${parts.join(" · ")} (${tn("live.results.total", row.total)})`;
}

/** The ranked heat map; `withMeasureForms(row)`, on the console, adds a factor's measure controls. */
export function rankedView(map, language, withMeasureForms = null) {
  const rows = map.ranked.map((row, index) => {
    // Only factors with a score are ranked; the others say why, without a place in the order.
    const heading = el("p", { class: "risk-rank-name" }, [
      row.score === null ? null : el("span", { class: "risk-rank-number", text: `${index + 1}.` }),
      el("span", { class: "deck-text", lang: language, text: row.name }),
    ]);
    const parts = [heading];
    if (row.suppressed) {
      parts.push(el("p", { class: "risk-level risk-level-none",
                           text: row.withheld ? t("live.results.withheld") : t("live.results.suppressed", { min: row.min_answers }) }));
    } else {
      const level = row.level || "none";
      parts.push(el("p", { class: `risk-level risk-level-${level}`, text: t(`live.risk.level.${level}`) }));
      parts.push(el("p", { class: "risk-counts", text: countsLine(row) }));
    }
    const measures = measuresFor(map, row.id);
    if (measures.length) {
      parts.push(el("p", { class: "risk-measures-label", text: t("live.risk.measures") }));
      parts.push(el("ul", { class: "risk-measures" }, measures.map((m) => el("li", { lang: language, text: m.text }))));
    }
    if (withMeasureForms) parts.push(withMeasureForms(row));
    return el("li", { class: `risk-rank heat-${row.suppressed ? "none" : row.level || "none"}` }, parts);
  });
  return el("ol", { class: "risk-ranked" }, rows);
}
