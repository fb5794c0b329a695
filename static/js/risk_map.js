/* Risk mapping on the three live screens, and the agreements panel of the console. The console,
   projector and phone scripts hand over to this file whenever the shown agenda item is a risk map
   (current.kind === "risk_map").
   - Phone: every factor with Not at all / Somewhat / Very / Don't know, answered at the person's
     own pace; its own answers are known only to this phone.
   - Projector: the factors and how many have answered; after the reveal the ranked heat map, with
     counts and a word for each level, and the measures as the facilitator types them.
   - Console: notes per factor, and after the reveal a measure field per factor.
   Built with createElement and textContent only: deck text and typed measures are never HTML. */
"use strict";

window.RiskMap = (() => {
  const L = window.Live;
  const { t, tn, byId, el, show, setText, enable, onClick } = L;

  const isMap = (state) => !!state && state.workshop.status !== "ended" && state.current?.kind === "risk_map"
    && state.current.phase === "card" && !!state.current.risk_map;

  const choiceLabel = (choice) => t(`live.risk.choice.${choice}`);
  const measuresFor = (map, factor) => map.measures.filter((m) => m.factor === factor);

  /** "Very 2 · Somewhat 3 · Not at all 1 · Don't know 0 (6 answers)": every number in words. */
  function countsLine(row) {
    const parts = ["very", "somewhat", "not_at_all", "dont_know"].map((c) => `${choiceLabel(c)} ${row.counts[c] || 0}`);
    return `${parts.join(" · ")} (${tn("live.results.total", row.total)})`;
  }

  /** The ranked heat map: most present first; the level is a word as well as a colour. */
  function rankedView(map, language, withMeasureForms = null) {
    const rows = map.ranked.map((row, index) => {
      // Only factors with a score are ranked; the others say why, without a place in the order.
      const heading = el("p", { class: "risk-rank-name" }, [
        row.score === null ? null : el("span", { class: "risk-rank-number", text: `${index + 1}.` }),
        el("span", { class: "deck-text", lang: language, text: row.name }),
      ]);
      const parts = [heading];
      if (row.suppressed) {
        parts.push(el("p", { class: "risk-level risk-level-none",
                             text: t("live.results.suppressed", { min: row.min_answers }) }));
      } else {
        const level = row.level || "none";
        parts.push(el("p", { class: `risk-level risk-level-${level}`,
                             text: t(`live.risk.level.${level}`) }));
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

  // ---------- phone ----------

  const mine = { itemId: null, answers: {} };
  let pendingFactor = null;

  function renderPhone(ctx) {
    const { state, online } = ctx;
    if (!L.takeOver("card-view", "risk-view", isMap(state))) return false;
    const current = state.current;
    const map = current.risk_map;
    const language = state.language;
    if (mine.itemId !== current.item_id) Object.assign(mine, { itemId: current.item_id, answers: {} });
    if (map.mine) Object.assign(mine.answers, map.mine);
    const view = byId("risk-view");
    if (L.changed(view, [current.item_id, map.factors, language])) {
      view.replaceChildren(
        el("h2", { id: "risk-heading", class: "card-kind", text: t("live.risk.heading") }),
        el("p", { class: "phone-lead", text: t("live.risk.question") }),
        el("p", { class: "hint", text: t("live.risk.own_pace") }),
        el("p", { id: "risk-progress", class: "answer-status", "aria-live": "polite" }),
        el("ol", { class: "risk-factors" }, map.factors.map((factor) => phoneFactor(ctx, factor, language))),
      );
    }
    const answered = map.factors.filter((f) => mine.answers[f.id]).length;
    setText(byId("risk-progress"), current.answers_open
      ? t("live.risk.progress", { answered, total: map.factors.length }) : t("live.answers_closed"));
    for (const button of view.querySelectorAll("button[data-factor]")) {
      const { factor, choice } = button.dataset;
      button.setAttribute("aria-pressed", String(mine.answers[factor] === choice));
      button.classList.toggle("is-sending", pendingFactor === factor);
      enable(button, online && current.answers_open && !pendingFactor);
    }
    return true;
  }

  function phoneFactor(ctx, factor, language) {
    const headingId = `risk-factor-${factor.id}`;
    const buttons = ctx.state.current.risk_map.choices.map((choice) => {
      const button = el("button", { type: "button", class: "choice", "data-factor": factor.id, "data-choice": choice,
                                    "data-focus-key": `${factor.id}-${choice}`, text: choiceLabel(choice) });
      onClick(button, () => choose(ctx, factor.id, choice));
      return button;
    });
    const parts = [
      el("h3", { id: headingId, class: "deck-text", lang: language, text: factor.name }),
      el("p", { class: "deck-text", lang: language, text: factor.description }),
    ];
    if (factor.examples.length) {
      parts.push(el("details", { class: "risk-examples" }, [
        el("summary", { text: t("live.risk.examples") }),
        el("ul", {}, factor.examples.map((example) => el("li", { lang: language, text: example }))),
      ]));
    }
    parts.push(el("div", { class: "choices", role: "group", "aria-labelledby": headingId }, buttons));
    return el("li", { class: "risk-factor" }, parts);
  }

  async function choose(ctx, factor, choice) {
    const current = ctx.state?.current;
    if (!current || !current.answers_open || pendingFactor || mine.answers[factor] === choice) return;
    const itemId = current.item_id;
    pendingFactor = factor;
    ctx.message("");
    ctx.render();
    const ack = await L.command(ctx.socket, "submit_risk_answer",
                                { item_id: itemId, factor, choice, answer_id: L.randomId() });
    pendingFactor = null;
    if (ack.ok && mine.itemId === itemId) mine.answers[factor] = ack.choice || choice;
    if (!ack.ok) ctx.message(ack.error.message);
    ctx.render();
  }

  // ---------- projector ----------

  function renderProjector(state) {
    if (!L.takeOver("card-view", "risk-view", isMap(state))) return false;
    const current = state.current;
    const map = current.risk_map;
    const view = byId("risk-view");
    if (L.changed(view, [current.item_id, map, current.answers_open, state.language])) {
      const parts = [el("h2", { id: "risk-heading", class: "projector-big", text: t("live.risk.question") })];
      if (map.ranked) {
        parts.push(rankedView(map, state.language));
      } else {
        parts.push(el("ul", { class: "projector-list risk-names" },
                      map.factors.map((f) => el("li", { lang: state.language, text: f.name }))));
        if (current.answers_open) parts.push(el("p", { class: "projector-hint", text: t("live.risk.on_phone") }));
      }
      parts.push(el("p", { id: "risk-answered", class: "answer-status", "aria-live": "polite" }));
      view.replaceChildren(...parts);
    }
    projectorCount(state);
    return true;
  }

  function projectorCount(state) {
    const line = byId("risk-answered");
    if (!line || !isMap(state)) return;
    const current = state.current;
    setText(line, current.risk_map.ranked ? "" : tn("live.risk.answered", current.answered || 0));
  }

  // ---------- console ----------

  function renderConsole(ctx) {
    const { state, run, online, busy } = ctx;
    const box = byId("risk-console");
    if (!box) return;
    const on = isMap(state);
    show(box, on);
    if (!on) return;
    const map = state.current.risk_map;
    const waiting = [...box.querySelectorAll("[data-busy-key]")].filter((n) => busy(n.dataset.busyKey)).length;
    if (!L.changed(box, [map, state.language, online, waiting])) return;
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
        if (!online || busy(`measure-add-${row.id}`) || !input.value.trim()) { input.focus(); return; }
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
    L.replaceKeepingFocus(box, [el("h3", { text: t("live.risk.ranked") }), rankedView(map, language, measureForm)],
                          byId("current-heading"));
  }

  /** The console's agreements panel: guidelines and topics at any time, and the measures typed above. */
  function renderAgreements(ctx) {
    const { state, run, online, busy } = ctx;
    const list = byId("agreements-list");
    if (!list) return;
    const agreements = state.agreements || [];
    show(byId("agreements-empty"), agreements.length === 0);
    enable(byId("add-agreement"), online && state.workshop.status !== "ended" && !busy("add-agreement"));
    if (!L.changed(list, [agreements, online])) return;
    const items = agreements.map((agreement) => {
      const button = el("button", { type: "button", class: "button small", "data-focus-key": `agreement-${agreement.id}`,
                                    "aria-disabled": online ? null : "true",
                                    text: t("live.agreements.remove") });
      button.setAttribute("aria-label", t("live.agreements.remove_named", { text: agreement.text }));
      onClick(button, () => run(`agreement-${agreement.id}`, "remove_agreement", { agreement_id: agreement.id }));
      return el("li", { class: "agreement" }, [
        el("span", { class: "agreement-kind", text: t(`live.agreements.kind.${agreement.kind}`) }),
        el("span", { class: "agreement-text", text: agreement.text }),
        button,
      ]);
    });
    L.replaceKeepingFocus(list, items, byId("agreements-heading"));
  }

  /** Wires the agreement form once; `run` sends a console command and reports a failure in `status`. */
  function wireAgreementForm(run) {
    const form = byId("agreement-form");
    if (!form) return;
    const text = byId("agreement-text");
    const status = byId("agreement-status");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!L.isEnabled(byId("add-agreement"))) return;
      const ack = await run("add-agreement", "record_agreement",
                            { kind: byId("agreement-kind").value, text: text.value }, status);
      if (ack?.ok) { text.value = ""; setText(status, t("live.agreements.added")); }
      else if (ack) text.focus();
    });
  }

  return { renderPhone, renderProjector, projectorCount, renderConsole, renderAgreements, wireAgreementForm, isMap };
})();
