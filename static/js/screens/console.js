/* The facilitator's console: agenda, the current item with notes, the commands, counts, the
   agreements and the moderation queue. Everything is drawn from the latest workshop_state plus the
   small count events; render() may run any number of times with the same result. What belongs to
   one exercise is drawn by that exercise's console part (exercises/index.js). */

import { connect } from "../core/connection.js";
import { byId, changed, el, enable, isEnabled, onClick, setDeckText, setText, show } from "../core/dom.js";
import { kindLabel, t, tn } from "../core/text.js";
import { partFor, partsFor, showViews } from "../exercises/index.js";
import { renderAgenda } from "./console_agenda.js";
import { renderAgreements, wireAgreementForm } from "./console_agreements.js";
import { renderModeration } from "./console_moderation.js";
import { renderLinks, wireCopyButton } from "./console_room.js";
import { renderRunSheet, wireRunSheet } from "./console_run_sheet.js";
import { commandRunner, countEvents } from "./facilitator_commands.js";

const root = byId("console");
const commandStatus = byId("command-status");
// The buttons a card, a statement or a risk map may offer; the shown item's exercise says which apply.
// Notes longer than this fold under their summary (the facilitator opens them when needed).
const NOTES_OPEN_UP_TO = 240;
const SHARED_CONTROLS = ["close-answers", "reveal-results", "hide-results", "open-reflections", "second-round"];

let state = null;
let online = false;
const busy = new Set(); // ids of buttons whose command waits for its ack

/** What the console's panels and exercise parts work with. */
const screen = {
  get state() { return state; },
  get online() { return online; },
  busy: (id) => busy.has(id),
  run: (...command) => run(...command),
};

const socket = connect({
  screen: "console",
  workshopId: Number(root.dataset.workshopId),
  onState: (snapshot) => { state = snapshot; render(); },
  onConnection: (kind) => { online = kind === "connected"; if (state) render(); },
  events: countEvents(() => state, renderCounts),
});
const run = commandRunner(socket, busy, () => render(), commandStatus);

// ---------- commands ----------


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
  if (!isEnabled(byId("add-scenario"))) return;
  const ack = await run("add-scenario", "add_scenario", { text: addText.value }, addStatus);
  if (ack?.ok) {
    addText.value = "";
    setText(addStatus, t("live.console.added", { number: ack.position + 1 }));
  } else if (ack) {
    addText.focus();
  }
});

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

wireAgreementForm(screen);
wireCopyButton();
wireRunSheet(screen);
for (const part of partsFor("console")) part.start?.(screen);

// ---------- rendering ----------

/** The console part of the shown item's exercise, in every phase: the facilitator sees it all. */
function activePart() {
  return state.current ? partFor("console", state.current.kind) : null;
}

function render() {
  if (!state) return;
  const focused = document.activeElement;
  const workshop = state.workshop;
  setText(byId("workshop-title"), workshop.title);
  document.title = `${workshop.title} · ${t("live.console.title")}`;
  setText(byId("workshop-phase"), workshop.status === "draft" ? t("live.console.draft")
    : workshop.status === "ended" ? t("live.console.ended") : "");
  renderAgenda(screen);
  renderItem();
  renderControls();
  const part = activePart();
  showViews("console", part);
  part?.render(state, screen);
  renderAgreements(screen);
  renderCounts();
  renderModeration(screen);
  renderLinks(state);
  renderRunSheet(screen);
  // A control that just disappeared (e.g. "Show the card" once shown) would drop focus on <body>;
  // the card heading is a safe place, unlike the next button, which a second Enter would press.
  if (focused && focused !== document.body && (focused.closest("[hidden]") || !focused.isConnected)) {
    byId("current-heading").focus();
  }
}

function fillList(box, listId, lines) {
  show(byId(box), lines.length > 0);
  const list = byId(listId);
  if (changed(list, [lines, state.language])) {
    list.replaceChildren(...lines.map((line) => el("li", { class: "deck-text", lang: state.language, text: line })));
  }
}

/** What the facilitator reads of every item: where it is, its content note, its text and notes. */
function renderItem() {
  const current = state.current;
  show(byId("current-none"), !current && state.workshop.status !== "ended");
  show(byId("current-card"), !!current);
  if (!current) return;
  const language = state.language;
  setText(byId("current-position"), t("live.console.position",
                                      { number: current.position + 1, total: state.workshop.item_count }));
  setText(byId("current-kind"), kindLabel(current.kind));
  show(byId("current-note"), !!current.content_note);
  setDeckText(byId("current-note-text"), current.content_note, language);
  show(byId("current-phase"), current.phase === "content_note");
  show(byId("current-text"), !!current.text);
  setDeckText(byId("current-text"), current.text, language);
  fillList("current-follow-ups", "current-follow-ups-list", current.follow_ups);
  fillList("current-prompts", "current-prompts-list", current.prompts);
  show(byId("current-notes"), !!current.notes);
  setDeckText(byId("current-notes-text"), current.notes, language);
  // Short notes stay open; long ones fold, so the commands and counts stay in view.
  const notes = byId("current-notes");
  if (changed(notes, [current.item_id, current.notes])) notes.open = (current.notes || "").length <= NOTES_OPEN_UP_TO;
}

function renderControls() {
  const { status, item_count: count } = state.workshop;
  const current = state.current;
  const open = status === "open";
  const shared = activePart()?.controls?.(state) ?? {};
  const visible = {
    "start-workshop": status === "draft",
    "previous-item": open,
    "next-item": open,
    "show-card": open && current?.phase === "content_note",
    ...Object.fromEntries(SHARED_CONTROLS.map((id) => [id, !!shared[id]])),
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
  setText(byId("count-connected"), tn("live.console.connected", state.connected || 0));
  activePart()?.renderCount?.(state);
  const pauses = state.pauses_recent || 0;
  const pauseLine = byId("count-pauses");
  setText(pauseLine, t("live.console.pauses", { count: pauses }));
  pauseLine.classList.toggle("has-pauses", pauses > 0);
}
