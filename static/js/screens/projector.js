/* The big screen: how to join, the current item in large type, only a count while answers come in
   (promise 4), what the facilitator reveals, and a thank-you at the end. It sends no commands; it
   only draws the latest snapshot. What belongs to one exercise is drawn by that exercise's
   projector part (exercises/index.js). */

import { setBigText } from "../core/big_text.js";
import { connect } from "../core/connection.js";
import { byId, setText, show } from "../core/dom.js";
import { applyAnswerCount } from "../core/snapshot.js";
import { t, tn } from "../core/text.js";
import { partFor, partsFor, showViews } from "../exercises/index.js";
import { renderTimer } from "./projector_timer.js";

const root = byId("projector");

let state = null;
let refusedBecauseEnded = false;

connect({
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
    answer_count: (count) => { if (state) { applyAnswerCount(state, count); renderCounts(); } },
  },
});

for (const part of partsFor("projector")) part.start?.({});

function ended() {
  return refusedBecauseEnded || state?.workshop.status === "ended";
}

/** The projector part of the shown item's exercise, once its card is up (not during a content note). */
function activePart() {
  const current = ended() ? null : state?.current;
  return current && current.phase !== "content_note" ? partFor("projector", current.kind) : null;
}

function render() {
  const current = ended() ? null : state?.current;
  const mode = ended() ? "ended" : !current ? "waiting" : current.phase === "content_note" ? "note" : "card";
  root.classList.remove("is-waiting", "is-note", "is-card", "is-ended");
  root.classList.add(`is-${mode}`);
  root.classList.toggle("is-revealed", !!current && (!!current.results || current.reflections.shown.length > 0));
  show(byId("waiting-view"), mode === "waiting" && !!state);
  show(byId("note-view"), mode === "note");
  show(byId("ended-view"), mode === "ended");
  // Once ended the room code is void; showing it would invite people to a closed room.
  show(byId("join-panel"), !ended() && !!state?.workshop.room_code);
  const part = activePart();
  showViews("projector", part);
  renderTimer(ended() ? null : state);
  if (!state) return;

  const workshop = state.workshop;
  setText(byId("workshop-title"), workshop.title);
  document.title = `${workshop.title} · ${t("live.projector.title")}`;
  setText(byId("room-code"), workshop.room_code || "");
  setText(byId("join-url"), workshop.join_url || "");
  renderCounts();

  if (mode === "note") setBigText(byId("note-text"), current.content_note, state.language);
  part?.render(state, {});
}

function renderCounts() {
  if (!state) return;
  setText(byId("joined-count"), tn("live.projector.joined", state.connected || 0));
  activePart()?.renderCount?.(state);
}
