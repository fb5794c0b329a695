/* The power walk on the three live screens. The console, projector and phone scripts hand over to
   this file whenever the shown agenda item is a walk (current.kind === "power_walk").
   - Phone: the explanation, Yes / No / Pass, the earlier statements it missed (to answer until the
     walk is over), and at the end its own private result. What is its own only this phone asks for
     (fetch_my_power_walk) and only this page holds: it is never in a snapshot.
   - Projector: the statement and how many answered it; after the reveal the anonymous picture
     (or only "too few") and debrief questions.
   - Console: the pace (statement by statement), finishing and revealing.
   Built with createElement and textContent only: deck text is never parsed as HTML. */
"use strict";

window.PowerWalk = (() => {
  const L = window.Live;
  const { t, tn, byId, el, show, setText, setDeckText, enable, onClick } = L;
  const CHOICES = ["yes", "no", "pass"];
  const percent = new Intl.NumberFormat(document.documentElement.lang || "en",
                                        { style: "percent", maximumFractionDigits: 0 });

  const isWalk = (state) => !!state && state.workshop.status !== "ended" && state.current?.kind === "power_walk"
    && state.current.phase === "card" && !!state.current.walk;

  /** A bar whose width is a class per 5 % step (the CSP forbids style attributes); decoration only. */
  function bar(share, some) {
    const step = Math.round(share * 20) * 5;
    return el("span", { class: "results-track", "aria-hidden": "true" },
              el("span", { class: `bar w-${step}${some && step === 0 ? " bar-some" : ""}` }));
  }

  // ---------- the picture (projector and console) ----------

  /** The anonymous picture: one row per number of steps with a dot per person, and the yes share
      per dimension. Every number is also in words; nothing depends on colour. */
  function pictureView(picture) {
    if (picture.suppressed) {
      return el("p", { class: "results-suppressed walk-too-few", text: t("live.power.too_few", { min: picture.min_answers }) });
    }
    const rows = picture.histogram.map((people, steps) => el("li", { class: "results-row walk-steps-row" }, [
      el("span", { class: "results-label", text: tn("live.power.steps", steps, { steps }) }),
      el("span", { class: "walk-dots", "aria-hidden": "true" },
         Array.from({ length: people }, () => el("span", { class: "walk-dot" }))),
      el("span", { class: "results-value", text: tn("live.power.people", people) }),
    ]));
    const dimensions = picture.dimensions.map((d) => {
      const said = d.yes + d.no;
      const share = said ? d.yes / said : 0;
      return el("li", { class: "results-row" }, [
        el("span", { class: "results-label", text: d.title }),
        bar(share, d.yes > 0),
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

  const debriefView = () => el("section", { class: "walk-debrief", "aria-labelledby": "walk-debrief-heading" }, [
    el("h3", { id: "walk-debrief-heading", text: t("live.power.debrief_heading") }),
    el("ol", {}, [1, 2, 3, 4].map((n) => el("li", { text: t(`live.power.debrief.${n}`) }))),
  ]);

  const statementLine = (walk) => `${t("live.power.statement_of", { number: walk.step + 1, count: walk.count })}`
    + ` · ${walk.statement.dimension}`;

  // ---------- projector ----------

  /** Draws the walk on the projector; returns false when the shown item is not a walk. */
  function renderProjector(state) {
    if (!L.takeOver("card-view", "walk-view", isWalk(state))) return false;
    const walk = state.current.walk;
    const view = byId("walk-view");
    const language = state.language;
    if (L.changed(view, [walk, language])) {
      const parts = [el("h2", { class: "card-kind", id: "walk-heading", text: L.kindLabel("power_walk") })];
      if (walk.status === "intro") {
        parts.push(el("p", { class: "projector-text size-l", text: t("live.power.projector_intro") }),
                   el("p", { class: "projector-hint", text: t("live.power.intro_3") }));
        if (walk.mode === "roles") parts.push(el("p", { class: "projector-hint", text: t("live.power.intro_roles") }));
      } else if (walk.status === "walking" && walk.statement) {
        parts.push(el("p", { class: "walk-position", text: statementLine(walk) }),
                   el("p", { id: "walk-statement-text", class: "projector-text deck-text size-l", lang: language,
                             text: walk.statement.text }),
                   el("p", { class: "projector-hint", text: t("live.projector.answer_on_phone") }));
      } else if (walk.status === "finished") {
        parts.push(el("p", { class: "projector-text size-l", text: t("live.power.finished") }));
      } else if (walk.status === "revealed" && walk.picture) {
        parts.push(el("div", { id: "walk-picture", class: "projector-results" }, pictureView(walk.picture)));
        // Below the minimum the room sees nothing but "too few": no questions about a picture it cannot see.
        if (!walk.picture.suppressed) parts.push(debriefView());
      }
      parts.push(el("p", { id: "walk-answered", class: "answer-status", "aria-live": "polite" }));
      view.replaceChildren(...parts);
    }
    projectorCount(state);
    return true;
  }

  function projectorCount(state) {
    const line = byId("walk-answered");
    if (!line || !isWalk(state)) return;
    const walking = state.current.walk.status === "walking";
    setText(line, walking ? tn("live.projector.answered", state.current.answered || 0) : "");
  }

  // ---------- console ----------

  /** The walk's part of the console; `run(buttonId, event, payload)` sends a command. */
  function renderConsole({ state, run, online, busy }) {
    const panel = byId("walk-console");
    if (!panel) return false;
    const on = isWalk(state) && state.workshop.status === "open";
    show(panel, on);
    if (!on) return false;
    // A walk has its own pace and reveal: the controls of ordinary cards do not apply to it.
    for (const id of ["close-answers", "reveal-results", "hide-results", "open-reflections", "second-round"]) {
      if (byId(id)) show(byId(id), false);
    }
    const walk = state.current.walk;
    if (!panel.dataset.built) {
      panel.dataset.built = "yes";
      panel.append(
        el("h3", { id: "walk-console-heading", text: L.kindLabel("power_walk") }),
        el("p", { id: "walk-mode" }),
        el("p", { id: "walk-stage", class: "live-notice" }),
        el("p", { id: "walk-console-position", class: "card-kind" }),
        el("p", { id: "walk-console-text", class: "card-text deck-text" }),
        el("div", { id: "walk-console-notes", class: "facilitator-notes" }, [
          el("h4", { text: t("live.console.notes") }), el("p", { id: "walk-console-notes-text", class: "deck-text" })]),
        el("p", { id: "walk-console-answered", class: "count" }),
        el("div", { class: "controls", role: "group", "aria-labelledby": "walk-console-heading" }, [
          el("button", { type: "button", id: "walk-previous", class: "button", text: t("live.power.previous") }),
          el("button", { type: "button", id: "walk-next", class: "button primary" }),
          el("button", { type: "button", id: "walk-finish", class: "button", "aria-describedby": "walk-finish-hint",
                         text: t("live.power.finish") }),
          el("button", { type: "button", id: "walk-reveal", class: "button primary", "aria-describedby": "walk-reveal-hint",
                         text: t("live.power.reveal") }),
        ]),
        el("p", { id: "walk-finish-hint", class: "hint", text: t("live.power.finish_hint") }),
        el("p", { id: "walk-reveal-hint", class: "hint", text: t("live.power.reveal_hint") }),
        el("div", { id: "walk-console-picture", class: "console-results" }),
      );
      const current = () => panel.walk;
      onClick(byId("walk-previous"), () => run("walk-previous", "show_power_statement", { step: current().step - 1 }));
      onClick(byId("walk-next"), () => run("walk-next", "show_power_statement", { step: current().step + 1 }));
      onClick(byId("walk-finish"), () => run("walk-finish", "finish_power_walk"));
      onClick(byId("walk-reveal"), () => run("walk-reveal", "reveal_power_walk"));
    }
    panel.walk = walk;
    const language = state.language;
    const running = walk.status === "intro" || walk.status === "walking";
    setText(byId("walk-mode"), t(walk.mode === "roles" ? "live.power.mode_roles" : "live.power.mode_self"));
    setText(byId("walk-stage"), walk.status === "intro" ? t("live.power.console_intro")
      : walk.status === "finished" ? t("live.power.console_finished")
      : walk.status === "revealed" ? t("live.power.console_revealed") : "");
    show(byId("walk-console-position"), !!walk.statement);
    show(byId("walk-console-text"), !!walk.statement);
    if (walk.statement) {
      setText(byId("walk-console-position"), statementLine(walk));
      setDeckText(byId("walk-console-text"), walk.statement.text, language);
    }
    show(byId("walk-console-notes"), !!walk.notes);
    setDeckText(byId("walk-console-notes-text"), walk.notes || "", language);
    setText(byId("walk-next"), t(walk.step < 0 ? "live.power.start" : "live.power.next"));
    const visible = {
      "walk-previous": running && walk.step > 0,
      "walk-next": running && walk.step < walk.count - 1,
      "walk-finish": walk.status === "walking",
      "walk-reveal": walk.status === "finished",
    };
    for (const [id, yes] of Object.entries(visible)) {
      show(byId(id), yes);
      enable(byId(id), online && !busy(id));
    }
    show(byId("walk-finish-hint"), visible["walk-finish"]);
    show(byId("walk-reveal-hint"), visible["walk-reveal"]);
    const picture = byId("walk-console-picture");
    show(picture, !!walk.picture);
    if (walk.picture && L.changed(picture, [walk.picture, language])) picture.replaceChildren(pictureView(walk.picture));
    consoleCount(state);
    return true;
  }

  function consoleCount(state) {
    const line = byId("walk-console-answered");
    if (!line || !isWalk(state)) return;
    const walking = state.current.walk.status === "walking";
    show(line, walking);
    if (walking) setText(line, t("live.power.answered", { answered: state.current.answered || 0,
                                                          connected: state.connected || 0 }));
  }

  // ---------- phone ----------

  // missed: index -> {index, text, dimension}, the earlier statements this phone left unanswered (from
  // the server after a reload or reconnect, or seen here and left behind). Answered ones stay listed,
  // with their answer pressed, so focus never vanishes from under the person.
  // seen: the statements shown while this page was open, in `language`.
  const mine = { itemId: null, answers: {}, role: null, result: null, deleted: false,
                 missed: new Map(), seen: new Map(), language: null };
  let fetchedKey = null;
  let fetching = false;
  let pending = null; // {statement, choice} waiting for its ack
  let resultFocused = null;
  let latest = null;  // the newest render's context, for the answer buttons' click handlers
  let caughtUp = null; // {statement, choice}: the last missed statement answered, for the status line

  function phoneParts(view) {
    if (view.dataset.built) return;
    view.dataset.built = "yes";
    view.append(
      el("h2", { id: "walk-heading", class: "card-kind", text: L.kindLabel("power_walk") }),
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
           CHOICES.map((choice) => choiceButton(choice, () => latest.walk.step))),
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

  async function fetchMine(ctx, itemId, key) {
    fetching = true;
    const ack = await L.command(ctx.socket, "fetch_my_power_walk", { item_id: itemId });
    fetching = false;
    if (!ack.ok) { ctx.message(ack.error.message); return; }
    if (mine.itemId !== itemId) return;
    fetchedKey = key;
    // The result stays on this page after the answers are deleted on the server.
    Object.assign(mine, { answers: ack.answers || {}, role: ack.role || mine.role,
                          result: ack.result || mine.result, deleted: !!ack.deleted });
    for (const missed of ack.missed || []) mine.missed.set(missed.index, missed);
    ctx.render();
  }

  /** Answers `statement`: the shown one, or an earlier one from the list of missed statements. */
  async function choose(ctx, walk, itemId, statement, choice) {
    if (pending || walk.status !== "walking" || statement > walk.step
        || mine.answers[String(statement)] === choice) return;
    pending = { statement, choice };
    ctx.message("");
    ctx.render();
    const ack = await L.command(ctx.socket, "submit_power_answer",
                                { item_id: itemId, statement, choice, answer_id: L.randomId() });
    pending = null;
    if (ack.ok && mine.itemId === itemId) {
      mine.answers[String(ack.statement)] = ack.choice;
      if (mine.missed.has(ack.statement)) caughtUp = { statement: ack.statement, choice: ack.choice };
    }
    if (!ack.ok) ctx.message(ack.error.message);
    ctx.render();
  }

  /** One answer button; `statement()` says which statement it answers when pressed. */
  const choiceButton = (choice, statement, extra = {}) => {
    const button = el("button", { type: "button", class: "choice", "data-choice": choice,
                                  text: t(`live.power.choice.${choice}`), ...extra });
    onClick(button, () => choose(latest.ctx, latest.walk, latest.itemId, statement(), choice));
    return button;
  };

  /** Presses the chosen answer, marks the one being sent, and enables the buttons when they can send. */
  function setChoices(buttons, chosen, statement, online) {
    for (const button of buttons) {
      const choice = button.dataset.choice;
      button.setAttribute("aria-pressed", String(choice === chosen));
      button.classList.toggle("is-sending", pending?.statement === statement && pending.choice === choice);
      enable(button, online && !pending);
    }
  }

  /** The earlier statements this phone left unanswered: each a labelled group of Yes / No / Pass. */
  function renderMissed(walk, online, language) {
    if (walk.status === "walking" && walk.statement) {
      mine.seen.set(walk.step, { index: walk.step, text: walk.statement.text, dimension: walk.statement.dimension });
    }
    // A statement left behind without an answer joins the list (while the walk runs).
    for (const [index, seen] of mine.seen) {
      if (index < walk.step && !(String(index) in mine.answers) && !mine.missed.has(index)) mine.missed.set(index, seen);
    }
    const entries = walk.status === "walking"
      ? [...mine.missed.values()].filter((m) => m.index < walk.step).sort((a, b) => a.index - b.index) : [];
    const section = byId("walk-missed");
    show(section, entries.length > 0);
    const list = byId("walk-missed-list");
    if (L.changed(list, [entries, walk.count, language])) {
      // Rebuilt only when the list itself changes (not on an answer), keeping focus on the same button.
      L.replaceKeepingFocus(list, entries.map((missed) => {
        const label = `walk-missed-${missed.index}-label`;
        return el("li", { class: "walk-missed-item", "data-statement": String(missed.index) }, [
          el("div", { role: "group", "aria-labelledby": `${label} walk-missed-${missed.index}-text` }, [
            el("p", { id: label, class: "walk-position",
                      text: `${t("live.power.statement_of", { number: missed.index + 1, count: walk.count })}`
                        + ` · ${missed.dimension}` }),
            el("p", { id: `walk-missed-${missed.index}-text`, class: "deck-text", lang: language, text: missed.text }),
            el("div", { class: "choices" }, CHOICES.map((choice) => choiceButton(
              choice, () => missed.index, { "data-focus-key": `${missed.index}:${choice}` }))),
          ]),
        ]);
      }), byId("walk-missed-heading"));
    }
    for (const item of list.children) {
      const statement = Number(item.dataset.statement);
      setChoices(item.querySelectorAll("button"), mine.answers[String(statement)] || null, statement, online);
    }
    const saved = caughtUp && entries.some((m) => m.index === caughtUp.statement) ? caughtUp : null;
    setText(byId("walk-missed-status"), saved ? t("live.power.missed_saved", {
      choice: t(`live.power.choice.${saved.choice}`), number: saved.statement + 1 }) : "");
  }

  /** Draws the walk on a phone; returns false when the shown item is not a walk.
      ctx: {state, socket, online, message(text), render()} */
  function renderPhone(ctx) {
    const { state, online } = ctx;
    if (!L.takeOver("card-view", "walk-view", isWalk(state))) return false;
    const view = byId("walk-view");
    phoneParts(view);
    const walk = state.current.walk;
    const itemId = state.current.item_id;
    const language = state.language;
    latest = { ctx, walk, itemId };
    if (mine.itemId !== itemId || mine.language !== language) {
      // The texts of missed statements are in the phone's language: a new language asks for them again.
      if (mine.itemId !== itemId) Object.assign(mine, { itemId, answers: {}, role: null, result: null, deleted: false });
      Object.assign(mine, { missed: new Map(), seen: new Map(), language });
      fetchedKey = null;
      caughtUp = null;
    }
    // Back online after a dropped connection: ask again, for the statements missed meanwhile.
    if (!online) fetchedKey = null;
    // Asked again when the walk finishes (the result) and when the phone changes language (the role's words).
    const key = `${itemId}:${walk.status === "intro" || walk.status === "walking" ? "running" : walk.status}:${language}`;
    if (key !== fetchedKey && !fetching && online) fetchMine(ctx, itemId, key);

    const role = walk.mode === "roles" ? mine.role : null;
    show(byId("walk-role"), !!role && !mine.result);
    if (role) {
      setDeckText(byId("walk-role-name"), role.name, language);
      setDeckText(byId("walk-role-description"), role.description, language);
    }
    show(byId("walk-intro"), walk.status === "intro");
    show(byId("walk-intro-roles"), walk.mode === "roles");
    show(byId("walk-note"), !!walk.note);
    setDeckText(byId("walk-note"), walk.note || "", language);

    const walking = walk.status === "walking" && !!walk.statement;
    show(byId("walk-statement"), walking);
    if (walking) {
      setText(byId("walk-position"), statementLine(walk));
      setDeckText(byId("walk-statement-text"), walk.statement.text, language);
      const chosen = mine.answers[String(walk.step)] || null;
      setChoices(byId("walk-choices").querySelectorAll("button"), chosen, walk.step, online);
      setText(byId("walk-answer-status"), pending?.statement === walk.step ? t("live.phone.sending")
        : chosen ? t("live.power.saved", { choice: t(`live.power.choice.${chosen}`) }) : "");
    }
    renderMissed(walk, online, language);

    const over = walk.status === "finished" || walk.status === "revealed";
    const result = over ? mine.result : null;
    show(byId("walk-coming"), walk.status === "finished" && !result);
    show(byId("walk-deleted"), walk.status === "revealed" && !result);
    show(byId("walk-result"), !!result);
    if (result) renderResult(result, role, language);
    if (result && resultFocused !== itemId) { resultFocused = itemId; byId("walk-result-heading").focus(); }
    return true;
  }

  function renderResult(result, role, language) {
    // "out of 1 statement" has its own sentence: a text has one count it can agree with.
    setText(byId("walk-result-steps"), tn(result.statements === 1 ? "live.power.result_steps_single"
      : "live.power.result_steps", result.steps, { steps: result.steps, count: result.statements }));
    show(byId("walk-result-role"), !!role);
    if (role) setDeckText(byId("walk-result-role"), t("live.power.result_role", { role: role.name }), language);
    setText(byId("walk-result-answered"), tn("live.power.result_answered", result.statements,
                                             { answered: result.answered, passes: result.passes }));
    const profile = byId("walk-profile");
    if (L.changed(profile, [result.dimensions, language])) {
      profile.replaceChildren(...result.dimensions.map((d) => el("li", { class: "results-row" }, [
        el("span", { class: "results-label", lang: language, text: d.title }),
        bar(d.statements ? d.yes / d.statements : 0, d.yes > 0),
        el("span", { class: "results-value", text: t("live.power.profile_row",
                                                     { yes: d.yes, count: d.statements, passes: d.pass }) }),
      ])));
    }
    setText(byId("walk-reflection"), t(`live.power.reflection.${result.reflection}`));
    show(byId("walk-reflection-role"), !!role);
  }

  return { renderProjector, projectorCount, renderConsole, consoleCount, renderPhone };
})();
