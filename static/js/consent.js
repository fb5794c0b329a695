/* The consent round on the three live screens (current.kind === "consent").
   - Phone: each section of the guidelines with "I can live with it" / "It needs changing" / "I object",
     answered at the person's own pace; its own answers are known only to this phone.
   - Projector: the sections and, once revealed, the totals of each (suppressed below the minimum),
     with an objection said in words and never who.
   - Console: the same totals, so the facilitator can lead the talk.
   Built with createElement and textContent only: the guidelines were typed by people, never HTML. */
"use strict";

window.Consent = (() => {
  const L = window.Live;
  const { t, tn, byId, el, show, setText, enable, onClick } = L;

  const isConsent = (state) => !!state && state.workshop.status !== "ended" && state.current?.kind === "consent"
    && state.current.phase === "card" && !!state.current.consent;
  const choiceLabel = (choice) => t(`live.consent.choice.${choice}`);

  function section(id, anchorId, props) {
    let node = byId(id);
    if (!node) {
      const anchor = byId(anchorId);
      if (!anchor) return null;
      node = el("section", { id, hidden: true, ...props });
      anchor.after(node);
    }
    return node;
  }

  /** "I can live with it 5 · It needs changing 0 · I object 1 (6 answers)", and the objection in words. */
  function resultLines(result) {
    if (!result) return [];
    if (result.suppressed) {
      return [el("p", { class: "consent-result", text: t("live.results.suppressed", { min: result.min_answers }) })];
    }
    const counts = ["live_with", "change", "object"].map((c) => `${choiceLabel(c)} ${result.counts[c] || 0}`);
    return [
      el("p", { class: "consent-result", text: `${counts.join(" · ")} (${tn("live.results.total", result.total)})` }),
      el("p", { class: `consent-flag${result.objected ? " is-objected" : ""}`,
                text: t(result.objected ? "live.consent.objected" : "live.consent.no_objection") }),
    ];
  }

  function guidelineBlock(guideline, language, extra, headingTag = "h3") {
    return el("li", { class: "consent-guideline" }, [
      el(headingTag, { id: `consent-${guideline.id}`, lang: language, text: guideline.heading }),
      guideline.lines.length
        ? el("ul", { class: "consent-lines" }, guideline.lines.map((line) => el("li", { lang: language, text: line })))
        : null,
      ...extra,
    ]);
  }

  const resultFor = (consent, id) => (consent.results || []).find((r) => r.guideline === id);

  // ---------- phone ----------

  const mine = { itemId: null, answers: {} };
  let pending = null;

  function renderPhone(ctx) {
    const { state, online } = ctx;
    const view = section("consent-view", "card-view", { class: "view", "aria-labelledby": "consent-heading" });
    if (!view || !L.takeOver("card-view", "consent-view", isConsent(state))) return false;
    const current = state.current;
    const consent = current.consent;
    if (mine.itemId !== current.item_id) Object.assign(mine, { itemId: current.item_id, answers: {} });
    if (consent.mine) Object.assign(mine.answers, consent.mine);
    if (L.changed(view, [current.item_id, consent.guidelines, state.language])) {
      view.replaceChildren(
        el("h2", { id: "consent-heading", class: "card-kind", text: t("live.consent.title") }),
        el("p", { class: "phone-lead", text: t("live.consent.question") }),
        el("p", { id: "consent-progress", class: "answer-status", "aria-live": "polite" }),
        el("ol", { class: "consent-guidelines" }, consent.guidelines.map((g) => {
          const buttons = consent.choices.map((choice) => {
            const button = el("button", { type: "button", class: "choice", "data-guideline": g.id, "data-choice": choice,
                                          "data-focus-key": `${g.id}-${choice}`, text: choiceLabel(choice) });
            onClick(button, () => choose(ctx, g.id, choice));
            return button;
          });
          return guidelineBlock(g, state.language,
                                [el("div", { class: "choices", role: "group", "aria-labelledby": `consent-${g.id}` }, buttons)]);
        })),
      );
    }
    const answered = consent.guidelines.filter((g) => mine.answers[g.id]).length;
    setText(byId("consent-progress"), current.answers_open
      ? t("live.consent.progress", { count: answered, total: consent.guidelines.length }) : t("live.answers_closed"));
    for (const button of view.querySelectorAll("button[data-guideline]")) {
      const { guideline, choice } = button.dataset;
      button.setAttribute("aria-pressed", String(mine.answers[guideline] === choice));
      enable(button, online && current.answers_open && !pending);
    }
    return true;
  }

  async function choose(ctx, guideline, choice) {
    const current = ctx.state?.current;
    if (!current || !current.answers_open || pending || mine.answers[guideline] === choice) return;
    const itemId = current.item_id;
    pending = guideline;
    ctx.message("");
    ctx.render();
    const ack = await L.command(ctx.socket, "submit_consent", { item_id: itemId, guideline, choice, answer_id: L.randomId() });
    pending = null;
    if (ack.ok && mine.itemId === itemId) mine.answers[guideline] = ack.choice || choice;
    if (!ack.ok) ctx.message(ack.error.message);
    ctx.render();
  }

  // ---------- projector and console ----------

  function renderProjector(state) {
    const view = section("consent-view", "card-view", { class: "view", "aria-labelledby": "consent-heading" });
    if (!view || !L.takeOver("card-view", "consent-view", isConsent(state))) return false;
    const current = state.current;
    const consent = current.consent;
    if (L.changed(view, [current.item_id, consent, current.answers_open, state.language])) {
      view.replaceChildren(
        el("h2", { id: "consent-heading", class: "projector-big", text: t("live.consent.title") }),
        current.answers_open ? el("p", { class: "projector-hint", text: t("live.consent.on_phone") }) : null,
        el("ol", { class: "projector-list consent-guidelines" }, consent.guidelines.map(
          (g) => guidelineBlock(g, state.language, resultLines(resultFor(consent, g.id))))),
      );
    }
    return true;
  }

  function renderConsole(ctx) {
    const { state } = ctx;
    const box = section("consent-console", "risk-console", { class: "consent-console", "aria-labelledby": "consent-console-heading" });
    if (!box) return;
    const on = isConsent(state);
    show(box, on);
    if (!on) return;
    const consent = state.current.consent;
    if (!L.changed(box, [state.current.item_id, consent, state.language])) return;
    box.replaceChildren(
      el("h3", { id: "consent-console-heading", text: t("live.consent.title") }),
      el("ol", { class: "consent-guidelines" }, consent.guidelines.map(
        (g) => guidelineBlock(g, state.language, resultLines(resultFor(consent, g.id)), "h4"))),
    );
  }

  return { renderPhone, renderProjector, renderConsole, isConsent };
})();
