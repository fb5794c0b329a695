/* What the console and the moderator view share besides the moderation panel: the small count
   events that update the latest state between two snapshots, and commands that wait for their ack
   (a button stays busy meanwhile; a refusal is said once, in the form's own status line or the
   general one). */

import { command } from "../core/connection.js";
import { setText } from "../core/dom.js";
import { applyAnswerCount } from "../core/snapshot.js";
import { renderTeam } from "./console_team.js";

/** The events that move counts without a full state: `latest()` gives the state they update. */
export function countEvents(latest, renderCounts) {
  return {
    answer_count: (count) => { const state = latest(); if (state) { applyAnswerCount(state, count); renderCounts(); } },
    pause_count: (pauses) => { const state = latest(); if (state) { state.pauses_recent = pauses.recent; renderCounts(); } },
    team_count: renderTeam,
  };
}

/** `run(buttonId, name, payload, status)`: sends one command unless the same button's is waiting. */
export function commandRunner(socket, busy, render, generalStatus) {
  return async function run(buttonId, name, payload = {}, status = generalStatus) {
    if (busy.has(buttonId)) return;
    busy.add(buttonId);
    setText(status, "");
    render();
    const ack = await command(socket, name, payload);
    busy.delete(buttonId);
    status.classList.toggle("problem", !ack.ok);
    setText(status, ack.ok ? "" : ack.error.message);
    render();
    return ack;
  };
}
