/* Shared by the three live-workshop screens (console, projector, phone): interface texts, small DOM
   helpers, the Socket.IO connection with a calm status line, commands with acknowledgements, and
   the results chart. No framework; everything is built with createElement and textContent, because
   deck text and reflections are other people's words and must never be parsed as HTML. */
"use strict";

window.Live = (() => {
  const texts = JSON.parse(document.getElementById("texts")?.textContent || "{}");
  const ACK_TIMEOUT_MS = 10000;

  // ---------- texts ----------

  /** The interface text for `key` with `{name}` fields filled in; a missing text shows its key. */
  function t(key, params = {}) {
    const text = texts[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (field, name) => (name in params ? String(params[name]) : field));
  }

  /** Like t, with `{count}`; uses `key.one` for exactly one when the catalogue has it. */
  function tn(key, count, params = {}) {
    const one = `${key}.one`;
    return t(count === 1 && one in texts ? one : key, { count, ...params });
  }

  /** A choice key (agree, not_ok, ...) as words; an unknown key from a future deck shows as is. */
  const choiceLabel = (choice) => texts[`live.choice.${choice}`] ?? choice;
  const kindLabel = (kind) => texts[`live.kind.${kind}`] ?? kind;

  // ---------- DOM helpers ----------

  const byId = (id) => document.getElementById(id);

  /** createElement with props: text, class, on<event> handlers, other attributes (null = absent). */
  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of [].concat(children)) if (child) node.append(child);
    return node;
  }

  const show = (node, visible) => { node.hidden = !visible; };

  /** Sets text only when it changed, so live regions do not announce the same words again. */
  function setText(node, text) {
    const value = text ?? "";
    if (node.textContent !== value) node.textContent = value;
  }

  /** Deck text carries its own language, which may differ from the page's (a phone reading sv). */
  function setDeckText(node, text, language) {
    setText(node, text);
    if (language) node.setAttribute("lang", language);
  }

  /** aria-disabled keeps a button focusable while it waits (focus is not thrown to <body>). */
  function enable(button, yes) {
    if (yes) button.removeAttribute("aria-disabled");
    else button.setAttribute("aria-disabled", "true");
  }
  const isEnabled = (button) => button.getAttribute("aria-disabled") !== "true";

  /** A click handler that ignores clicks while the button is aria-disabled. */
  function onClick(button, handler) {
    button.addEventListener("click", (event) => { if (isEnabled(button)) handler(event); });
  }

  /** An exercise's own section takes the place of the card section (or gives it back); true when shown. */
  function takeOver(cardViewId, viewId, on) {
    const view = byId(viewId);
    if (!view) return false;
    show(view, on);
    if (on && cardViewId) show(byId(cardViewId), false);
    return on;
  }

  const signatures = new WeakMap();
  /** True when `data` differs from what `container` was last built from: rebuild lists only then. */
  function changed(container, data) {
    const signature = JSON.stringify(data);
    if (signatures.get(container) === signature) return false;
    signatures.set(container, signature);
    return true;
  }

  /** Replaces a list's children and puts focus back on the "same" control (data-focus-key). */
  function replaceKeepingFocus(container, nodes, fallback) {
    const active = document.activeElement;
    const key = active && container.contains(active) ? active.dataset.focusKey : null;
    container.replaceChildren(...nodes);
    if (!key) return;
    const again = [...container.querySelectorAll("[data-focus-key]")].find((n) => n.dataset.focusKey === key);
    (again || fallback)?.focus();
  }

  /** A fresh random UUID: randomUUID needs a secure context, a workshop on a LAN may be plain http. */
  function randomId() {
    if (window.crypto?.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Fills the optional parts of a snapshot once, so renderers need not guard every field. */
  function normalize(snapshot) {
    const current = snapshot.current;
    if (current) {
      current.choices = current.choices || [];
      current.follow_ups = current.follow_ups || [];
      current.prompts = current.prompts || [];
      current.reflections = current.reflections || { open: false, shown: [] };
      current.reflections.shown = current.reflections.shown || [];
    }
    return snapshot;
  }

  /** A shown reflection may arrive as plain text or as {id, text}. */
  const reflectionText = (reflection) => (typeof reflection === "string" ? reflection : reflection?.text ?? "");

  // ---------- connection ----------

  /**
   * Connects one screen. `onState(snapshot)` gets every workshop_state; `onConnection(kind)` gets
   * "connecting" | "connected" | "reconnecting" | "closed" | "refused" and, when refused, the
   * server's {code, message}. `events` maps other server events to handlers.
   */
  function connect({ screen, workshopId, secret, onState, onConnection = () => {}, events = {} }) {
    const status = byId("connection-status");
    const auth = { screen, workshop_id: workshopId };
    if (secret) auth.secret = secret;
    // tryAllTransports: without it a blocked WebSocket would never fall back to long-polling.
    const socket = io({ auth, transports: ["websocket", "polling"], tryAllTransports: true });

    function report(kind, text, refusal = null) {
      status.className = `connection-status is-${kind}`;
      setText(status, text);
      onConnection(kind, refusal);
    }

    report("connecting", t("live.status.connecting"));
    socket.on("connect", () => report("connected", t("live.status.connected")));
    socket.on("disconnect", (reason) => {
      // The server hung up on purpose (e.g. the workshop ended): Socket.IO does not retry that.
      if (reason === "io server disconnect") report("closed", t("live.status.closed"));
      else report("reconnecting", t("live.status.reconnecting"));
    });
    socket.on("connect_error", (err) => {
      // `active` is false only when the server refused us; a network failure is retried by itself.
      if (socket.active) { report("reconnecting", t("live.status.reconnecting")); return; }
      // The protocol puts {code, message} in err.data; a bare err.message is shown only when it is
      // plain words (a server that stringified a dict would otherwise show "{'code': ...}").
      const data = err?.data && typeof err.data === "object" ? err.data : {};
      const plain = typeof err?.message === "string" && !/^[[{]/.test(err.message) ? err.message : "";
      const message = data.message || plain || t("live.error.generic");
      report("refused", t("live.status.refused", { message }), { code: data.code || "", message });
    });
    socket.on("workshop_state", (snapshot) => onState(normalize(snapshot)));
    for (const [name, handler] of Object.entries(events)) socket.on(name, handler);
    return socket;
  }

  /** Sends a command and resolves with its ack, always in the one shape {ok, error: {code, message}}. */
  function command(socket, name, payload = {}) {
    if (!socket.connected) {
      return Promise.resolve({ ok: false, error: { code: "offline", message: t("live.error.offline") } });
    }
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit(name, payload, (err, ack) => {
        if (err) resolve({ ok: false, error: { code: "timeout", message: t("live.error.timeout") } });
        else if (ack?.ok) resolve(ack);
        else resolve({ ok: false, error: { code: ack?.error?.code || "unknown",
                                           message: ack?.error?.message || t("live.error.generic") } });
      });
    });
  }

  // ---------- results ----------

  const percent = new Intl.NumberFormat(document.documentElement.lang || "en",
                                        { style: "percent", maximumFractionDigits: 0 });

  /**
   * The revealed distribution as a list that reads without colour: each row names the choice and
   * gives count and percentage in text; the bar is decoration (aria-hidden), its width a class per
   * 5 % step because the CSP forbids style attributes.
   */
  function distributionView(results, choices, title = null) {
    if (results.suppressed) {
      const text = t("live.results.suppressed", { min: results.min_answers });
      return el("p", { class: "results-suppressed", text: title ? `${title}: ${text}` : text });
    }
    const counts = results.counts || {};
    const total = results.total || 0;
    const order = [...choices, ...Object.keys(counts).filter((c) => !choices.includes(c))];
    const rows = order.map((choice) => {
      const count = counts[choice] || 0;
      const share = total ? count / total : 0;
      const step = Math.round(share * 20) * 5;
      const bar = `bar w-${step}${count > 0 && step === 0 ? " bar-some" : ""}`;
      return el("li", { class: "results-row" }, [
        el("span", { class: "results-label", text: choiceLabel(choice) }),
        el("span", { class: "results-track", "aria-hidden": "true" }, el("span", { class: bar })),
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
  function shiftView(shift) {
    let lines;
    if (!shift) lines = [t("live.shift.suppressed")];
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
  function resultsView(results, choices) {
    if (!results.first_round) return distributionView(results, choices);
    return el("div", { class: "results-rounds" }, [
      el("div", { class: "results-round-pair" }, [
        distributionView(results.first_round, choices, t("live.results.first_round")),
        distributionView(results, choices, t("live.results.second_round")),
      ]),
      shiftView(results.shift),
    ]);
  }

  return { t, tn, choiceLabel, kindLabel, byId, el, show, setText, setDeckText, enable, isEnabled,
           onClick, changed, replaceKeepingFocus, takeOver, randomId, reflectionText, connect, command, resultsView };
})();
