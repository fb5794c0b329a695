/* The facilitator's console: agenda, the current card with notes, the commands, counts and the
   moderation queue. Everything is drawn from the latest workshop_state plus the small count events;
   render() may run any number of times with the same result. */
"use strict";

(() => {
  const L = window.Live;
  const { t, tn, byId, el, show, setText, setDeckText, enable, onClick } = L;
  const root = byId("console");

  let state = null;
  let online = false;
  const busy = new Set(); // ids of buttons whose command waits for its ack

  const socket = L.connect({
    screen: "console",
    workshopId: Number(root.dataset.workshopId),
    onState: (snapshot) => { state = snapshot; render(); },
    onConnection: (kind) => { online = kind === "connected"; if (state) render(); },
    events: {
      answer_count: (count) => {
        if (!state) return;
        state.connected = count.connected;
        const current = state.current;
        if (current && current.item_id === count.item_id && current.round === count.round) {
          current.answered = count.answered;
        }
        renderCounts();
      },
      pause_count: (pauses) => { if (state) { state.pauses_recent = pauses.recent; renderCounts(); } },
    },
  });

  // ---------- commands ----------

  const commandStatus = byId("command-status");

  /** Sends a command; a refusal is said once, in `status` (the form's own line, or the general one). */
  async function run(buttonId, name, payload = {}, status = commandStatus) {
    if (busy.has(buttonId)) return;
    busy.add(buttonId);
    setText(status, "");
    render();
    const ack = await L.command(socket, name, payload);
    busy.delete(buttonId);
    status.classList.toggle("problem", !ack.ok);
    setText(status, ack.ok ? "" : ack.error.message);
    render();
    return ack;
  }

  const position = () => (state.current ? state.current.position : -1);
  const simple = { "start-workshop": "start_workshop", "show-card": "show_card", "close-answers": "close_answers",
                   "reveal-results": "reveal_results", "hide-results": "hide_results",
                   "open-reflections": "open_reflections", "second-round": "start_second_round" };
  for (const [id, name] of Object.entries(simple)) onClick(byId(id), () => run(id, name));
  onClick(byId("previous-item"), () => run("previous-item", "show_item", { position: position() - 1 }));
  onClick(byId("next-item"), () => run("next-item", "show_item", { position: position() + 1 }));

  // A scenario typed on the spot; the server trims it, checks it and places it after the shown card.
  const addText = byId("add-scenario-text");
  const addStatus = byId("add-scenario-status");
  byId("add-scenario-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!L.isEnabled(byId("add-scenario"))) return;
    const ack = await run("add-scenario", "add_scenario", { text: addText.value }, addStatus);
    if (ack?.ok) {
      addText.value = "";
      setText(addStatus, t("live.console.added", { number: ack.position + 1 }));
    } else if (ack) {
      addText.focus();
    }
  });

  window.RiskMap.wireAgreementForm(run);

  // Ending cannot be undone, so it asks inside the page first (no window.confirm: it blocks the tab).
  const endButton = byId("end-workshop");
  const endConfirm = byId("end-confirm");
  function askToEnd(open) {
    show(endConfirm, open);
    endButton.setAttribute("aria-expanded", String(open));
    (open ? byId("end-confirm-no") : endButton).focus();
  }
  onClick(endButton, () => askToEnd(true));
  onClick(byId("end-confirm-no"), () => askToEnd(false));
  onClick(byId("end-confirm-yes"), async () => {
    const ack = await run("end-confirm-yes", "end_workshop");
    if (ack?.ok) { show(endConfirm, false); byId("current-heading").focus(); }
  });

  // ---------- rendering ----------

  function render() {
    if (!state) return;
    const focused = document.activeElement;
    const workshop = state.workshop;
    setText(byId("workshop-title"), workshop.title);
    document.title = `${workshop.title} · ${t("live.console.title")}`;
    setText(byId("workshop-phase"), workshop.status === "draft" ? t("live.console.draft")
      : workshop.status === "ended" ? t("live.console.ended") : "");
    renderAgenda();
    renderCard();
    renderControls();
    window.PowerWalk.renderConsole({ state, run, online, busy: (id) => busy.has(id) }); // a power walk's own controls
    window.RiskMap.renderConsole({ state, run, online, busy: (id) => busy.has(id) }); // a risk map's own part
    window.Review.renderConsole({ state, run, online, busy: (id) => busy.has(id) }); // last time's actions
    window.Consent.renderConsole({ state }); // a consent round's totals
    window.RiskMap.renderAgreements({ state, run, online, busy: (id) => busy.has(id) });
    renderCounts();
    renderModeration();
    renderLinks();
    // A control that just disappeared (e.g. "Show the card" once shown) would drop focus on <body>;
    // the card heading is a safe place, unlike the next button, which a second Enter would press.
    if (focused && focused !== document.body && (focused.closest("[hidden]") || !focused.isConnected)) {
      byId("current-heading").focus();
    }
  }

  function renderAgenda() {
    const list = byId("agenda");
    const open = state.workshop.status === "open";
    const at = position();
    const agenda = state.agenda || [];
    if (!L.changed(list, [agenda, at, open, online, state.language])) return;
    const items = agenda.map((item) => {
      const current = item.position === at;
      const meta = [L.kindLabel(item.kind), t(`live.console.item.${item.status}`)];
      if (item.revealed) meta.push(t("live.console.item.revealed"));
      const button = el("button", {
        type: "button", class: "agenda-jump", "data-focus-key": `item-${item.position}`,
        "aria-current": current ? "step" : null,
        // Re-showing the current card would only confuse; jumping needs an open workshop.
        "aria-disabled": current || !open || !online ? "true" : null,
      }, [
        el("span", { class: "agenda-number", text: `${item.position + 1}.` }),
        el("span", { class: "agenda-title", lang: state.language, text: item.title }),
        el("span", { class: "agenda-meta", text: meta.join(" · ") }),
      ]);
      onClick(button, () => run(`item-${item.position}`, "show_item", { position: item.position }));
      return el("li", { class: current ? "agenda-item is-current" : "agenda-item" }, button);
    });
    L.replaceKeepingFocus(list, items, byId("agenda-heading"));
  }

  function fillList(box, listId, lines) {
    show(byId(box), lines.length > 0);
    const list = byId(listId);
    if (L.changed(list, [lines, state.language])) {
      list.replaceChildren(...lines.map((line) => el("li", { class: "deck-text", lang: state.language, text: line })));
    }
  }

  function renderCard() {
    const current = state.current;
    show(byId("current-none"), !current && state.workshop.status !== "ended");
    show(byId("current-card"), !!current);
    show(byId("current-results-section"), !!current?.results);
    show(byId("current-shown-section"), (current?.reflections.shown || []).length > 0);
    if (!current) return;
    const language = state.language;
    setText(byId("current-position"), t("live.console.position",
                                        { number: current.position + 1, total: state.workshop.item_count }));
    setText(byId("current-kind"), L.kindLabel(current.kind));
    show(byId("current-note"), !!current.content_note);
    setDeckText(byId("current-note-text"), current.content_note, language);
    show(byId("current-phase"), current.phase === "content_note");
    show(byId("current-text"), !!current.text);
    setDeckText(byId("current-text"), current.text, language);
    fillList("current-follow-ups", "current-follow-ups-list", current.follow_ups || []);
    fillList("current-prompts", "current-prompts-list", current.prompts || []);
    show(byId("current-notes"), !!current.notes);
    setDeckText(byId("current-notes-text"), current.notes, language);

    const facts = [];
    if (current.choices.length) facts.push(t(current.answers_open ? "live.console.answers_open" : "live.console.answers_closed"));
    if (current.choices.length && current.round > 1) facts.unshift(t("live.console.round", { round: current.round }));
    if (current.reflections?.open) facts.push(t("live.console.reflections_open"));
    setText(byId("current-answers"), facts.join(" "));

    const results = byId("current-results");
    if (current.results && L.changed(results, [current.results, current.choices])) {
      results.replaceChildren(L.resultsView(current.results, current.choices));
    }
    const shown = byId("current-shown");
    const reflections = current.reflections.shown;
    if (L.changed(shown, reflections)) {
      shown.replaceChildren(...reflections.map((r) => el("li", { text: L.reflectionText(r) })));
    }
  }

  function renderControls() {
    const { status, item_count: count } = state.workshop;
    const current = state.current;
    const open = status === "open";
    const atCard = open && current?.phase === "card";
    const voting = atCard && current.choices.length > 0;
    // A risk map and a consent round close and reveal like a statement.
    const mapping = atCard && (!!current.risk_map || !!current.consent);
    const revealed = !!current?.results || !!current?.risk_map?.ranked || !!current?.consent?.results;
    const visible = {
      "start-workshop": status === "draft",
      "previous-item": open,
      "next-item": open,
      "show-card": open && current?.phase === "content_note",
      // Closing also ends written reflections, which only reach the projector once closed.
      "close-answers": atCard && current.answers_open && (voting || mapping || !!current.reflections?.open),
      "reveal-results": (voting || mapping) && !revealed,
      "hide-results": open && revealed,
      // Written reflections belong to cards; the exercises have their own screens on the phones.
      "open-reflections": atCard && !current.reflections?.open && !current.risk_map && !current.walk
        && !current.consent && !current.review,
      // Asking again makes sense once the first round is closed and talked about.
      "second-round": voting && !current.answers_open && current.round === 1,
      "end-workshop": status !== "ended",
    };
    const possible = { "previous-item": position() > 0, "next-item": position() < count - 1 };
    for (const [id, yes] of Object.entries(visible)) {
      const button = byId(id);
      show(button, yes);
      enable(button, online && !busy.has(id) && possible[id] !== false);
    }
    enable(byId("end-confirm-yes"), online && !busy.has("end-confirm-yes"));
    enable(byId("add-scenario"), online && status !== "ended" && !busy.has("add-scenario"));
    if (status === "ended") show(endConfirm, false);
  }

  function renderCounts() {
    if (!state) return;
    const current = state.current;
    const connected = state.connected || 0;
    setText(byId("count-connected"), tn("live.console.connected", connected));
    window.PowerWalk.consoleCount(state);
    const voting = !!current && current.phase === "card"
      && (current.choices.length > 0 || !!current.risk_map || !!current.consent);
    show(byId("count-answered"), voting);
    if (voting) {
      setText(byId("count-answered"), t("live.console.answered", { answered: current.answered || 0, connected }));
    }
    const pauses = state.pauses_recent || 0;
    const pauseLine = byId("count-pauses");
    setText(pauseLine, t("live.console.pauses", { count: pauses }));
    pauseLine.classList.toggle("has-pauses", pauses > 0);
  }

  function renderModeration() {
    const moderation = state.moderation || { pending: [], held: 0, approved: 0 };
    const list = byId("moderation-pending");
    show(byId("moderation-empty"), moderation.pending.length === 0);
    setText(byId("moderation-held"), tn("live.console.held", moderation.held || 0));
    setText(byId("moderation-approved"), tn("live.console.approved", moderation.approved || 0));
    if (!L.changed(list, [moderation.pending, online])) return;
    const items = moderation.pending.map((reflection) => {
      const textId = `reflection-${reflection.id}`;
      const decide = (decision) => () => moderate(reflection.id, decision);
      const button = (decision, label) => {
        const node = el("button", { type: "button", class: `button ${decision}`, "aria-describedby": textId,
                                    "data-focus-key": `${decision}-${reflection.id}`,
                                    "aria-disabled": online ? null : "true", text: label });
        onClick(node, decide(decision));
        return node;
      };
      return el("li", { class: "moderation-item" }, [
        el("p", { id: textId, class: "reflection-text", text: reflection.text }),
        el("div", { class: "row-buttons" }, [button("approve", t("live.console.approve")),
                                              button("reject", t("live.console.reject"))]),
      ]);
    });
    L.replaceKeepingFocus(list, items, byId("moderation-heading"));
  }

  async function moderate(reflectionId, decision) {
    const ack = await run(`${decision}-${reflectionId}`, "moderate_reflection", { reflection_id: reflectionId, decision });
    // The server may not send a new snapshot for each decision: take the item off the queue here.
    if (ack?.ok && state.moderation) {
      const before = document.activeElement;
      state.moderation.pending = state.moderation.pending.filter((r) => r.id !== reflectionId);
      if (decision === "approve") state.moderation.approved = (state.moderation.approved || 0) + 1;
      renderModeration();
      const next = byId("moderation-pending").querySelector("button");
      if (!before || !before.isConnected) (next || byId("moderation-heading")).focus();
    }
  }

  function renderLinks() {
    const workshop = state.workshop;
    setText(byId("room-code"), workshop.room_code || "–");
    setText(byId("join-url"), workshop.join_url || "–");
    const input = byId("projector-url");
    if (state.projector_url && input.value !== state.projector_url) input.value = state.projector_url;
    const link = byId("open-projector");
    show(link, !!state.projector_url && workshop.status !== "ended");
    if (state.projector_url) link.href = state.projector_url;
  }

  // The clipboard API exists only in secure contexts; on plain http the link is selected instead.
  onClick(byId("copy-projector-url"), async () => {
    const input = byId("projector-url");
    const status = byId("copy-status");
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(input.value);
      setText(status, t("live.console.copied"));
    } catch {
      input.focus();
      input.select();
      setText(status, t("live.console.copy_manual"));
    }
  });
})();
