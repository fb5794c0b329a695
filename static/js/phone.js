/* A participant's phone: the card in their own language, one answer they can change or withdraw
   while answers are open, an optional written reflection, and "I need a pause" at any time.
   Nothing here is stored on the phone beyond the page: the server keeps state by a cookie. */
"use strict";

(() => {
  const L = window.Live;
  const { t, byId, el, show, setText, setDeckText, enable, onClick } = L;
  const root = byId("phone");
  const pageLanguage = root.dataset.lang;

  let state = null;
  let online = false;
  let refusal = null;
  let pendingChoice = null;   // the choice waiting for its ack
  let lastAnswer = null;      // {item_id, round, choice, answer_id}: a resend reuses the id
  let sendingReflection = false;
  let pausing = false;
  let closingFocused = false;
  const reflectionIds = new Map(); // item_id -> reflection_id, one reflection per person and card
  let draftItem = null;            // the item the text in the textarea was written for

  const socket = L.connect({
    screen: "phone",
    workshopId: Number(root.dataset.workshopId),
    onState: (snapshot) => { state = keepOwnAnswer(state, snapshot); refusal = null; render(); },
    onConnection: (kind, refused) => {
      online = kind === "connected";
      if (kind === "refused") refusal = refused;
      // A phone that comes back after the end: the server's closing page has the organisation's
      // own help text, which only the live closing broadcast carried.
      if (refused?.code === "workshop_ended" && !state?.closing) { window.location.reload(); return; }
      render();
    },
  });

  const message = (text) => setText(byId("phone-message"), text);
  const isStill = (item) => state?.current?.item_id === item.item_id && state.current.round === item.round;

  // ---------- answering ----------

  async function choose(choice) {
    const current = state?.current;
    if (!current || !current.answers_open || pendingChoice || current.my_answer === choice) return;
    const item = { item_id: current.item_id, round: current.round };
    const resend = lastAnswer && isStill(lastAnswer) && lastAnswer.choice === choice;
    // The same id for a resend of the same choice (the server ignores a repeat); a new id for a
    // change of mind, or a change back would look like an old repeat and be ignored.
    lastAnswer = { ...item, choice, answer_id: resend ? lastAnswer.answer_id : L.randomId() };
    pendingChoice = choice;
    message("");
    render();
    const ack = await L.command(socket, "submit_answer",
                                { item_id: item.item_id, round: item.round, choice, answer_id: lastAnswer.answer_id });
    pendingChoice = null;
    // A repeat of an id already applied is acked with the answer stored now, none after a withdrawal.
    if (ack.ok && isStill(item)) state.current.my_answer = "choice" in ack ? ack.choice : choice;
    if (!ack.ok) message(ack.error.message);
    render();
  }

  onClick(byId("withdraw-answer"), async () => {
    const current = state?.current;
    if (!current) return;
    const item = { item_id: current.item_id, round: current.round };
    const ack = await L.command(socket, "withdraw_answer",
                                { item_id: item.item_id, round: item.round, withdrawal_id: L.randomId() });
    if (!ack.ok) { message(ack.error.message); return; }
    lastAnswer = null;
    if (isStill(item)) state.current.my_answer = null;
    message(t("live.phone.withdrawn"));
    render();
    byId("choices").querySelector("button")?.focus(); // the withdraw button has just gone
  });

  // ---------- reflection ----------

  const textarea = byId("reflection-text");
  const MAX = Number(textarea.getAttribute("maxlength"));
  const updateCounter = () => setText(byId("reflection-count"),
                                      t("live.phone.reflection_count", { count: textarea.value.length, max: MAX }));
  textarea.addEventListener("input", updateCounter);
  updateCounter();

  byId("reflection-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const current = state?.current;
    if (!current || sendingReflection || !L.isEnabled(byId("send-reflection"))) return;
    const text = textarea.value.trim();
    if (!text) { message(t("live.phone.reflection_empty")); textarea.focus(); return; }
    const item = { item_id: current.item_id, round: current.round };
    if (!reflectionIds.has(item.item_id)) reflectionIds.set(item.item_id, L.randomId());
    sendingReflection = true;
    message("");
    render();
    const ack = await L.command(socket, "submit_reflection",
                                { item_id: item.item_id, text, reflection_id: reflectionIds.get(item.item_id) });
    sendingReflection = false;
    if (!ack.ok) { message(ack.error.message); render(); return; }
    textarea.value = "";
    updateCounter();
    if (isStill(item)) state.current.my_reflection_sent = true;
    render();
    byId("reflection-sent").focus();
  });

  // ---------- pause ----------

  let pauseTimer = null;
  onClick(byId("pause-button"), async () => {
    if (pausing) return;
    pausing = true;
    render();
    const ack = await L.command(socket, "signal_pause");
    pausing = false;
    render();
    // A second press within the rate limit is not a failure for the person: their signal is in.
    const text = ack.ok ? t("live.phone.pause_sent")
      : ack.error.code === "rate_limited" ? t("live.phone.pause_already") : ack.error.message;
    setText(byId("pause-status"), text);
    // Discreet: the confirmation fades from the screen so a neighbour glancing later sees nothing.
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(() => setText(byId("pause-status"), ""), 20000);
  });

  // ---------- language ----------

  for (const button of document.querySelectorAll("#language-picker [data-language]")) {
    onClick(button, async () => {
      const language = button.dataset.language;
      if (language === state?.language) return;
      const ack = await L.command(socket, "choose_language", { language });
      if (!ack.ok) { message(ack.error.message); return; }
      // The interface words come with the page: when the site speaks that language too, reload in
      // it through the site's own language form (unless that would throw away a written draft).
      const switcher = document.querySelector(`.language-switcher button[value="${CSS.escape(language)}"]`);
      if (switcher && language !== pageLanguage && !textarea.value.trim()) {
        const form = switcher.form;
        if (form.requestSubmit) form.requestSubmit(switcher); else switcher.click();
      }
    });
  }

  // ---------- rendering ----------

  /**
   * Broadcasts to all phones leave out `my_answer` (it belongs to one phone); for the same card
   * and round, keep what this phone already knows from its own snapshot and acknowledgements.
   */
  function keepOwnAnswer(previous, snapshot) {
    const before = previous?.current;
    const now = snapshot.current;
    if (now && before && before.item_id === now.item_id && before.round === now.round) {
      if (!("my_answer" in now)) now.my_answer = before.my_answer ?? null;
      if (!("my_reflection_sent" in now)) now.my_reflection_sent = before.my_reflection_sent ?? false;
    }
    return snapshot;
  }

  function render() {
    const ended = refusal?.code === "workshop_ended";
    const closing = state?.closing || (ended ? { help_text: null, stored_text: null } : null);
    show(byId("join-again"), refusal?.code === "not_joined");
    // Nothing to act on before the first snapshot (or after a refusal): only the status shows.
    show(byId("phone-live"), !closing && !!state);
    show(byId("closing-view"), !!closing);
    show(byId("connection-status"), !closing);
    const picker = byId("language-picker");
    if (picker) show(picker, !closing && !!state);
    if (closing) { renderClosing(closing); return; }
    if (!state) return;

    for (const button of document.querySelectorAll("#language-picker [data-language]")) {
      button.setAttribute("aria-pressed", String(button.dataset.language === state.language));
      enable(button, online);
    }
    setText(byId("workshop-title"), state.workshop.title);
    document.title = `${state.workshop.title} · ${t("live.phone.title")}`;
    enable(byId("pause-button"), online && !pausing);

    const current = state.current;
    const mode = !current ? "waiting" : current.phase === "content_note" ? "note" : "card";
    show(byId("waiting-view"), mode === "waiting");
    show(byId("note-view"), mode === "note");
    show(byId("card-view"), mode === "card");
    if (mode === "note") setDeckText(byId("note-text"), current.content_note, state.language);
    const walk = window.PowerWalk.renderPhone({ state, socket, online, message, render }); // a power walk draws itself
    const map = window.RiskMap.renderPhone({ state, socket, online, message, render }); // so does a risk map
    if (mode === "card" && !walk && !map) renderCard(current);
  }

  function renderCard(current) {
    const language = state.language;
    setText(byId("card-kind"), L.kindLabel(current.kind));
    setDeckText(byId("card-text"), current.text, current.text_language || language);
    const voting = current.choices.length > 0;
    // Discussion prompts come after answering, as on the big screen, so they do not steer answers.
    const lines = voting && current.answers_open ? current.follow_ups : [...current.follow_ups, ...current.prompts];
    const list = byId("card-list");
    show(list, lines.length > 0);
    if (L.changed(list, [lines, language])) {
      list.replaceChildren(...lines.map((line) => el("li", { lang: language, text: line })));
    }
    show(byId("answer-section"), voting);
    show(byId("talk-only"), !voting);
    if (voting) renderAnswer(current);
    renderReflection(current);
  }

  function renderAnswer(current) {
    // A live region that stays in place, so a screen reader hears that the question is asked again.
    setText(byId("round-note"), current.round > 1 && current.answers_open ? t("live.phone.round_two") : "");
    const choices = byId("choices");
    if (L.changed(choices, [current.item_id, current.round, current.choices])) {
      const buttons = current.choices.map((choice) => {
        const button = el("button", { type: "button", class: "choice", "data-choice": choice,
                                      "data-focus-key": `choice-${choice}`, text: L.choiceLabel(choice) });
        onClick(button, () => choose(choice));
        return button;
      });
      L.replaceKeepingFocus(choices, buttons, byId("answer-heading"));
    }
    for (const button of choices.querySelectorAll("button")) {
      const choice = button.dataset.choice;
      button.setAttribute("aria-pressed", String(choice === current.my_answer));
      button.classList.toggle("is-sending", choice === pendingChoice);
      enable(button, online && current.answers_open && !pendingChoice);
    }
    const mine = current.my_answer ? L.choiceLabel(current.my_answer) : null;
    let status = "";
    if (pendingChoice) status = t("live.phone.sending");
    else if (!current.answers_open) status = mine ? t("live.phone.closed_with_answer", { choice: mine }) : t("live.answers_closed");
    else if (mine) status = t("live.phone.answer_saved", { choice: mine });
    setText(byId("answer-status"), status);
    const withdraw = byId("withdraw-answer");
    show(withdraw, !!current.my_answer && current.answers_open);
    enable(withdraw, online && !pendingChoice);
  }

  function renderReflection(current) {
    // A draft belongs to the card it was written for; a new card starts with an empty box.
    if (draftItem !== current.item_id) {
      if (draftItem !== null) { textarea.value = ""; updateCounter(); }
      draftItem = current.item_id;
    }
    const open = current.reflections.open;
    const sent = !!current.my_reflection_sent;
    show(byId("reflection-section"), open || sent);
    show(byId("reflection-form"), open && !sent);
    show(byId("reflection-sent"), sent);
    enable(byId("send-reflection"), online && !sendingReflection);
  }

  function renderClosing(closing) {
    // The server's closing texts are in the phone's language; our own fallback is in the page's.
    const language = state?.closing ? state.language : pageLanguage;
    setDeckText(byId("closing-help"), closing.help_text, language);
    show(byId("closing-help"), !!closing.help_text);
    // Without the server's own words on what is kept, say it in ours (promise 6).
    if (closing.stored_text) setDeckText(byId("closing-stored"), closing.stored_text, language);
    else setDeckText(byId("closing-stored"), t("live.ended.text"), pageLanguage);
    // The whole screen changed under the person: take them (and a screen reader) to the top once.
    if (!closingFocused) { closingFocused = true; byId("closing-view").focus(); }
  }
})();
