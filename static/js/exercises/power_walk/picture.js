/* What more than one screen of the power walk shows: the anonymous picture after the reveal, the
   debrief questions, and the line that says which statement is up. */

import { barView, el } from "../../core/dom.js";
import { percent, t, tn } from "../../core/text.js";

/** "Statement 3 of 12 · Money": which statement is shown, and which dimension it belongs to. */
export const statementLine = (walk) => `${t("live.power.statement_of", { number: walk.step + 1, count: walk.count })}`
  + ` · ${walk.statement.dimension}`;

/** The anonymous picture: one row per range of steps (never fewer than three people in a row, so
    nobody stands alone at an end) with a dot per person, and the yes share per dimension. Every
    number is also in words; nothing depends on colour. */
export function pictureView(picture) {
  if (picture.suppressed) {
    return el("p", { class: "results-suppressed walk-too-few", text: t("live.power.too_few", { min: picture.min_answers }) });
  }
  const rows = picture.bars.map((bar) => el("li", { class: "results-row walk-steps-row" }, [
    el("span", { class: "results-label", text: bar.from === bar.to ? tn("live.power.steps", bar.from, { steps: bar.from })
      : t("live.power.steps_range", { from: bar.from, to: bar.to }) }),
    el("span", { class: "walk-dots", "aria-hidden": "true" },
       Array.from({ length: bar.people }, () => el("span", { class: "walk-dot" }))),
    el("span", { class: "results-value", text: tn("live.power.people", bar.people) }),
  ]));
  const dimensions = picture.dimensions.map((d) => {
    const said = d.yes + d.no;
    const share = said ? d.yes / said : 0;
    return el("li", { class: "results-row" }, [
      el("span", { class: "results-label", text: d.title }),
      barView(share, d.yes > 0),
      el("span", { class: "results-value", text: t("live.power.dimension_value",
                                                   { percent: percent.format(share), passes: d.pass }) }),
    ]);
  });
  const facts = [t("live.power.picture_caption", { completed: picture.completed })];
  if (picture.partial) facts.push(t("live.power.partial", { count: picture.partial }));
  facts.push(tn("live.power.passes", picture.passes));
  return el("div", { class: "walk-picture" }, [
    el("figure", { class: "results" }, [
      el("figcaption", { class: "results-caption", text: t("live.power.picture_heading") }),
      el("ul", { class: "results-chart walk-histogram" }, rows),
    ]),
    ...facts.map((fact) => el("p", { class: "walk-fact", text: fact })),
    el("figure", { class: "results" }, [
      el("figcaption", { class: "results-caption", text: t("live.power.dimensions_heading") }),
      el("ul", { class: "results-chart" }, dimensions),
    ]),
  ]);
}

/** The questions the room talks about once it has seen the picture: the deck's own (in the screen's
    language, from the server); a walk made before decks had them keeps the built-in four. */
export const debriefView = (walk, language) => el("section", { class: "walk-debrief",
                                                              "aria-labelledby": "walk-debrief-heading" }, [
  el("h3", { id: "walk-debrief-heading", text: t("live.power.debrief_heading") }),
  el("ol", {}, walk.debrief?.length ? walk.debrief.map((text) => el("li", { class: "deck-text", lang: language, text }))
    : [1, 2, 3, 4].map((n) => el("li", { text: t(`live.power.debrief.${n}`) }))),
]);
