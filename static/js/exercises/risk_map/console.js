/* The risk map on the console: the facilitator's notes per factor while the room answers, and
   after the reveal the ranked map with a measure field per factor. A risk map closes and reveals
   with the same shared buttons as a statement. */

import { byId, changed, el, onClick, replaceKeepingFocus, setText, show } from "../../core/dom.js";
import { t } from "../../core/text.js";
import { measuresFor, rankedView } from "./ranked.js";

/** Which of the console's shared buttons a risk map offers now. */
export function controls(state) {
  const current = state.current;
  const open = state.workshop.status === "open";
  const atCard = open && current.phase === "card";
  const mapping = atCard && !!current.risk_map;
  const revealed = !!current.results || !!current.risk_map?.ranked;
  return {
    "close-answers": atCard && current.answers_open && (mapping || current.reflections.open),
    "reveal-results": mapping && !revealed,
    "hide-results": open && revealed,
  };
}

/** "12 of 20 have answered", while the map takes answers. */
export function renderCount(state) {
  const current = state.current;
  const mapping = current.phase === "card" && !!current.risk_map;
  show(byId("count-answered"), mapping);
  if (mapping) {
    setText(byId("count-answered"), t("live.console.answered", { answered: current.answered || 0,
                                                                 connected: state.connected || 0 }));
  }
}

export function render(state, ctx) {
  const { run, online, busy } = ctx;
  const box = byId("risk-console");
  const current = state.current;
  const on = state.workshop.status !== "ended" && current.phase === "card" && !!current.risk_map;
  show(box, on);
  if (!on) return;
  const map = current.risk_map;
  const waiting = [...box.querySelectorAll("[data-busy-key]")].filter((n) => busy(n.dataset.busyKey)).length;
  if (!changed(box, [map, state.language, online, waiting])) return;
  // A measure being typed survives the rebuild that another measure's arrival causes.
  const typed = new Map([...box.querySelectorAll("input.measure-input")].map((input) => [input.id, input.value]));
  const language = state.language;
  if (!map.ranked) {
    box.replaceChildren(
      el("h3", { text: t("live.risk.factors") }),
      el("ol", { class: "risk-console-factors" }, map.factors.map((factor) => el("li", {}, [
        el("span", { class: "deck-text", lang: language, text: factor.name }),
        factor.notes ? el("details", {}, [el("summary", { text: t("live.console.notes") }),
                                          el("p", { class: "deck-text", lang: language, text: factor.notes })])
          : null,
      ]))),
    );
    return;
  }
  const measureForm = (row) => {
    const inputId = `measure-${row.id}`;
    const input = el("input", { id: inputId, type: "text", maxlength: "300", class: "measure-input",
                                "data-focus-key": inputId, value: typed.get(inputId) || null });
    const form = el("form", { class: "measure-form", novalidate: true }, [
      el("label", { for: inputId, text: t("live.risk.measure_label", { factor: row.name }) }),
      input,
      el("button", { type: "submit", class: "button",
                     "aria-disabled": online && !busy(`measure-add-${row.id}`) ? null : "true",
                     "data-focus-key": `measure-add-${row.id}`, "data-busy-key": `measure-add-${row.id}`,
                     text: t("live.risk.measure_add") }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!ctx.online || busy(`measure-add-${row.id}`) || !input.value.trim()) { input.focus(); return; }
      const ack = await run(`measure-add-${row.id}`, "record_agreement",
                            { kind: "measure", factor: row.id, text: input.value });
      if (ack?.ok) { const again = byId(inputId); if (again) again.value = ""; }
    });
    const removals = measuresFor(map, row.id).map((m) => {
      const button = el("button", { type: "button", class: "button small", "data-focus-key": `measure-remove-${m.id}`,
                                    text: t("live.risk.measure_remove", { text: m.text }) });
      onClick(button, () => run(`measure-remove-${m.id}`, "remove_agreement", { agreement_id: m.id }));
      return button;
    });
    return el("div", { class: "measure-controls" }, [form, ...removals]);
  };
  replaceKeepingFocus(box, [el("h3", { text: t("live.risk.ranked") }), rankedView(map, language, measureForm)],
                      byId("current-heading"));
}
