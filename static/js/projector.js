/* The big screen: how to join, the current card in large type, only a count while answers come in
   (promise 4), the revealed distribution, approved reflections, and a thank-you at the end.
   It sends no commands; it only draws the latest snapshot. */
"use strict";

(() => {
  const L = window.Live;
  const { t, tn, byId, el, show, setText, setDeckText } = L;
  const root = byId("projector");

  let state = null;
  let refusedBecauseEnded = false;

  L.connect({
    screen: "projector",
    workshopId: Number(root.dataset.workshopId),
    secret: root.dataset.secret,
    onState: (snapshot) => { state = snapshot; render(); },
    onConnection: (kind, refusal) => {
      // A projector left open after the end gets refused on reconnect: it should still say thanks.
      refusedBecauseEnded = kind === "refused" && refusal?.code === "workshop_ended";
      render();
    },
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
    },
  });

  /** The card text gets smaller as it gets longer, so 700 characters still fit one screen. */
  function sizeClass(text) {
    const length = (text || "").length;
    if (length <= 90) return "size-xl";
    if (length <= 220) return "size-l";
    if (length <= 420) return "size-m";
    return "size-s";
  }

  function setBigText(node, text) {
    setDeckText(node, text, state.language);
    node.classList.remove("size-xl", "size-l", "size-m", "size-s");
    node.classList.add(sizeClass(text));
  }

  function render() {
    const ended = refusedBecauseEnded || state?.workshop.status === "ended";
    const current = ended ? null : state?.current;
    const mode = ended ? "ended" : !current ? "waiting" : current.phase === "content_note" ? "note" : "card";
    root.classList.remove("is-waiting", "is-note", "is-card", "is-ended");
    root.classList.add(`is-${mode}`);
    root.classList.toggle("is-revealed", !!current && (!!current.results || current.reflections.shown.length > 0));
    show(byId("waiting-view"), mode === "waiting" && !!state);
    show(byId("note-view"), mode === "note");
    show(byId("card-view"), mode === "card");
    show(byId("ended-view"), mode === "ended");
    // Once ended the room code is void; showing it would invite people to a closed room.
    show(byId("join-panel"), !ended && !!state?.workshop.room_code);
    if (!state) return;

    const workshop = state.workshop;
    setText(byId("workshop-title"), workshop.title);
    document.title = `${workshop.title} · ${t("live.projector.title")}`;
    setText(byId("room-code"), workshop.room_code || "");
    setText(byId("join-url"), workshop.join_url || "");
    renderCounts();

    if (mode === "note") setBigText(byId("note-text"), current.content_note);
    const walk = window.PowerWalk.renderProjector(ended ? null : state); // a power walk draws itself
    const map = window.RiskMap.renderProjector(ended ? null : state); // so does a risk map
    const review = window.Review.renderProjector(ended ? null : state); // and last time's actions
    const consent = window.Consent.renderProjector(ended ? null : state); // and a consent round
    if (mode === "card" && !walk && !map && !review && !consent) renderCard(current);
  }

  function renderCard(current) {
    setText(byId("card-kind"), L.kindLabel(current.kind));
    setBigText(byId("card-text"), current.text);

    const voting = current.choices.length > 0;
    // Discussion prompts wait until answering is over, so they do not steer the answers.
    const lines = voting && current.answers_open ? current.follow_ups : [...current.follow_ups, ...current.prompts];
    const list = byId("card-list");
    show(list, lines.length > 0);
    if (L.changed(list, [lines, state.language])) {
      list.replaceChildren(...lines.map((line) => el("li", { lang: state.language, text: line })));
    }

    show(byId("answer-hint"), voting && current.answers_open && current.round === 1);
    show(byId("round-hint"), voting && current.answers_open && current.round > 1);
    show(byId("reflections-open"), current.reflections.open);

    const results = byId("results");
    show(results, !!current.results);
    if (current.results && L.changed(results, [current.results, current.choices])) {
      results.replaceChildren(L.resultsView(current.results, current.choices));
    }

    const shown = current.reflections.shown;
    show(byId("reflections"), shown.length > 0);
    const reflections = byId("reflections-list");
    if (L.changed(reflections, shown)) {
      reflections.replaceChildren(...shown.map((r) => el("li", { text: L.reflectionText(r) })));
    }
  }

  function renderCounts() {
    if (!state) return;
    setText(byId("joined-count"), tn("live.projector.joined", state.connected || 0));
    window.PowerWalk.projectorCount(state);
    window.RiskMap.projectorCount(state);
    const current = state.current;
    const status = byId("answer-status");
    const voting = !!current && current.phase === "card" && current.choices.length > 0;
    if (!voting || current.results) setText(status, "");
    else if (current.answers_open) setText(status, tn("live.projector.answered", current.answered || 0));
    else setText(status, t("live.answers_closed"));
  }
})();
