/* A participant's phone: the shown item in the person's own language, "I need a pause" at any time,
   the choice of deck language, and the closing words at the end. Nothing here is stored on the
   phone beyond the page: the server keeps state by a cookie. What belongs to one exercise (answers,
   reflections, a walk's own result) is drawn by that exercise's phone part (exercises/index.js). */

import { command, connect } from "../core/connection.js";
import { byId, enable, onClick, setDeckText, setText, show } from "../core/dom.js";
import { t } from "../core/text.js";
import { partFor, partsFor, showViews } from "../exercises/index.js";
import { startLeaving } from "./phone_leave.js";

const root = byId("phone");
const pageLanguage = root.dataset.lang;

let state = null;
let online = false;
let refusal = null;
let pausing = false;
let closingFocused = false;

const message = (text) => setText(byId("phone-message"), text);

/** What the exercise parts work with. */
const screen = {
  get state() { return state; },
  get online() { return online; },
  get socket() { return socket; },
  message,
  render,
};

const socket = connect({
  screen: "phone",
  workshopId: Number(root.dataset.workshopId),
  onState: (snapshot) => {
    if (snapshot.current) partFor("phone", snapshot.current.kind).keepOwn?.(state, snapshot);
    state = snapshot;
    refusal = null;
    render();
  },
  onConnection: (kind, refused) => {
    online = kind === "connected";
    if (kind === "refused") refusal = refused;
    // A phone that comes back after the end: the server's closing page has the organisation's
    // own help text, which only the live closing broadcast carried.
    if (refused?.code === "workshop_ended" && !state?.closing) { window.location.reload(); return; }
    render();
  },
});

for (const part of partsFor("phone")) part.start?.(screen);
startLeaving(root, socket, message);

// ---------- pause ----------

let pauseTimer = null;
onClick(byId("pause-button"), async () => {
  if (pausing) return;
  pausing = true;
  render();
  const ack = await command(socket, "signal_pause");
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
    const ack = await command(socket, "choose_language", { language });
    if (!ack.ok) { message(ack.error.message); return; }
    // The interface words come with the page: reload in the site's language closest to the choice
    // (nynorsk reads bokmål until it has its own words) through the site's own language form,
    // unless that would throw away a written draft.
    const wording = button.dataset.interfaceLanguage || language;
    const switcher = document.querySelector(`.language-switcher button[value="${CSS.escape(wording)}"]`);
    const drafting = partsFor("phone").some((part) => part.hasDraft?.());
    if (switcher && wording !== pageLanguage && !drafting) {
      const form = switcher.form;
      if (form.requestSubmit) form.requestSubmit(switcher); else switcher.click();
    }
  });
}

// ---------- rendering ----------

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
  if (mode === "note") setDeckText(byId("note-text"), current.content_note, state.language);
  const part = mode === "card" ? partFor("phone", current.kind) : null;
  showViews("phone", part);
  part?.render(state, screen);
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
