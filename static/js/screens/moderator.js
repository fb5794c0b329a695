/* A co-facilitator's moderator view on a second device: the console's own moderation panel
   (console_moderation.js, so the question box's queue appears here too), the pause signals, how many
   phones and facilitators are here, and the shown card's text for context. No agenda control: the
   server decided this connection's role at connect and refuses any other command. */

import { connect } from "../core/connection.js";
import { byId, setDeckText, setText, show } from "../core/dom.js";
import { t, tn } from "../core/text.js";
import { renderModeration } from "./console_moderation.js";
import { commandRunner, countEvents } from "./facilitator_commands.js";

const root = byId("moderator");
const commandStatus = byId("command-status");

let state = null;
let online = false;
const busy = new Set();

/** What the moderation panel works with: the same shape the console gives it. */
const screen = {
  get state() { return state; },
  get online() { return online; },
  busy: (id) => busy.has(id),
  run: (...command) => run(...command),
};

const socket = connect({
  screen: "moderator",
  workshopId: Number(root.dataset.workshopId),
  onState: (snapshot) => { state = snapshot; render(); },
  onConnection: (kind) => { online = kind === "connected"; if (state) render(); },
  events: countEvents(() => state, renderCounts),
});
const run = commandRunner(socket, busy, () => render(), commandStatus);

function render() {
  if (!state) return;
  const workshop = state.workshop;
  setText(byId("workshop-title"), workshop.title);
  document.title = `${workshop.title} · ${t("live.moderator.title")}`;
  setText(byId("workshop-phase"), workshop.status === "draft" ? t("live.moderator.draft")
    : workshop.status === "ended" ? t("live.console.ended") : "");
  const current = state.current;
  show(byId("current-none"), !current?.text);
  show(byId("current-text"), !!current?.text);
  setDeckText(byId("current-text"), current?.text || "", state.language);
  renderCounts();
  renderModeration(screen);
}

function renderCounts() {
  if (!state) return;
  setText(byId("count-connected"), tn("live.console.connected", state.connected || 0));
  const pauses = state.pauses_recent || 0;
  const pauseLine = byId("count-pauses");
  setText(pauseLine, t("live.console.pauses", { count: pauses }));
  pauseLine.classList.toggle("has-pauses", pauses > 0);
}
