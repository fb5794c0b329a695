/* The sections of the power walk on a phone, built once: the person's role, the explanation, the
   statement with Yes / No / Pass, the earlier statements it missed, and its own private result. */

import { el } from "../../core/dom.js";
import { kindLabel, t } from "../../core/text.js";

export const CHOICES = ["yes", "no", "pass"];

/** Builds the walk's sections into `view` once; `choiceButton(choice)` makes an answer button for the shown statement. */
export function buildPhoneView(view, choiceButton) {
  if (view.dataset.built) return;
  view.dataset.built = "yes";
  view.append(
    el("h2", { id: "walk-heading", class: "card-kind", text: kindLabel("power_walk") }),
    el("section", { id: "walk-role", class: "walk-role", "aria-labelledby": "walk-role-heading" }, [
      el("h3", { id: "walk-role-heading", text: t("live.power.your_role") }),
      el("p", { id: "walk-role-name", class: "walk-role-name" }),
      el("p", { id: "walk-role-description", class: "deck-text" }),
    ]),
    el("section", { id: "walk-intro", "aria-labelledby": "walk-intro-heading" }, [
      el("h3", { id: "walk-intro-heading", text: t("live.power.intro_heading") }),
      el("ul", { class: "phone-list walk-intro-list" }, [
        el("li", { text: t("live.power.intro_1") }), el("li", { text: t("live.power.intro_2") }),
        el("li", { text: t("live.power.intro_3") }), el("li", { text: t("live.power.intro_4") }),
        el("li", { id: "walk-intro-roles", text: t("live.power.intro_roles") }),
      ]),
      el("p", { id: "walk-note", class: "deck-text content-note" }),
      el("p", { class: "hint", text: t("live.power.wait_start") }),
    ]),
    el("section", { id: "walk-statement", "aria-labelledby": "walk-position" }, [
      el("p", { id: "walk-position", class: "walk-position" }),
      el("p", { id: "walk-statement-text", class: "deck-text phone-card-text" }),
      el("h3", { id: "walk-answer-heading", text: t("live.power.answer_label") }),
      el("div", { id: "walk-choices", class: "choices", role: "group", "aria-labelledby": "walk-answer-heading" },
         CHOICES.map((choice) => choiceButton(choice))),
      el("p", { id: "walk-answer-status", class: "answer-status", "aria-live": "polite" }),
      el("p", { class: "hint", text: t("live.power.pass_reminder") }),
    ]),
    el("section", { id: "walk-missed", class: "walk-missed", "aria-labelledby": "walk-missed-heading" }, [
      el("h3", { id: "walk-missed-heading", tabindex: "-1", text: t("live.power.missed_heading") }),
      el("p", { class: "hint", text: t("live.power.missed_hint") }),
      el("ol", { id: "walk-missed-list", class: "walk-missed-list" }),
      el("p", { id: "walk-missed-status", class: "answer-status", "aria-live": "polite" }),
    ]),
    el("p", { id: "walk-coming", class: "phone-lead", text: t("live.power.result_coming") }),
    el("section", { id: "walk-result", class: "walk-result", "aria-labelledby": "walk-result-heading" }, [
      el("h3", { id: "walk-result-heading", tabindex: "-1", text: t("live.power.result_heading") }),
      el("p", { id: "walk-result-steps", class: "walk-steps" }),
      el("p", { id: "walk-result-role" }),
      el("p", { id: "walk-result-answered" }),
      el("h4", { text: t("live.power.profile_heading") }),
      el("ul", { id: "walk-profile", class: "results-chart walk-profile" }),
      el("p", { id: "walk-reflection", class: "walk-reflection" }),
      el("p", { id: "walk-reflection-role", class: "walk-reflection", text: t("live.power.reflection_role") }),
      el("p", { class: "hint", text: t("live.power.result_private") }),
    ]),
    el("p", { id: "walk-deleted", class: "hint", text: t("live.power.deleted") }),
  );
}
