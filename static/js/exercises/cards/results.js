/* A statement's revealed answers, drawn the same on the console and the projector: the
   distribution as a list that reads without colour, and after a second round both rounds side by
   side with how the room moved. */

import { barView, el } from "../../core/dom.js";
import { choiceLabel, percent, t, tn } from "../../core/text.js";

/**
 * The revealed distribution: each row names the choice and gives count and percentage in text;
 * the bar is decoration. Below the minimum only "too few" shows, never a count.
 */
function distributionView(results, choices, title = null) {
  if (results.suppressed) {
    // Withheld by the differencing rule: enough answers, but beside a result the room saw, the
    // difference of the two would be one or two people's answers.
    const text = results.withheld ? t("live.results.withheld") : t("live.results.suppressed", { min: results.min_answers });
    return el("p", { class: "results-suppressed", text: title ? `${title}: ${text}` : text });
  }
  const counts = results.counts || {};
  const total = results.total || 0;
  const order = [...choices, ...Object.keys(counts).filter((c) => !choices.includes(c))];
  const rows = order.map((choice) => {
    const count = counts[choice] || 0;
    const share = total ? count / total : 0;
    return el("li", { class: "results-row" }, [
      el("span", { class: "results-label", text: choiceLabel(choice) }),
      barView(share, count > 0),
      el("span", { class: "results-value",
                   text: t("live.results.value", { count, percent: percent.format(share) }) }),
    ]);
  });
  const caption = tn("live.results.total", total);
  return el("figure", { class: "results" }, [
    el("figcaption", { class: "results-caption", text: title ? `${title} · ${caption}` : caption }),
    el("ul", { class: "results-chart" }, rows),
  ]);
}

/** How the room moved between the rounds, from the two totals the server compared. */
function shiftView(shift, notCompared) {
  let lines;
  if (!shift) lines = [t(notCompared === "different_totals" ? "live.shift.different_totals" : "live.shift.suppressed")];
  else if (!shift.length) lines = [t("live.shift.none")];
  else {
    lines = shift.map(({ choice, change }) =>
      tn(change > 0 ? "live.shift.more" : "live.shift.fewer", Math.abs(change), { choice: choiceLabel(choice) }));
  }
  return el("div", { class: "results-shift" }, [
    el("p", { class: "results-shift-heading", text: t("live.shift.heading") }),
    el("ul", { class: "results-shift-list" }, lines.map((line) => el("li", { text: line }))),
    el("p", { class: "results-shift-note", text: t("live.shift.note") }),
  ]);
}

/** One round's distribution, or after a second round both side by side and the shift. */
export function resultsView(results, choices) {
  if (!results.first_round) return distributionView(results, choices);
  return el("div", { class: "results-rounds" }, [
    el("div", { class: "results-round-pair" }, [
      distributionView(results.first_round, choices, t("live.results.first_round")),
      distributionView(results, choices, t("live.results.second_round")),
    ]),
    shiftView(results.shift, results.not_compared),
  ]);
}
