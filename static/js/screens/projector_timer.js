/* The projector's calm countdown, shown only while the facilitator puts it there: no flashing, no
   alarm colour, no sound. At zero it says, in words, that time is up; it never acts by itself. */

import { clock, timeLeft } from "../core/countdown.js";
import { byId, setText, show } from "../core/dom.js";
import { t } from "../core/text.js";

let timer = null;
let receivedAt = 0;

/** Takes the timer from the latest snapshot (null: not shown) and draws it. */
export function renderTimer(state) {
  const next = state && state.workshop.status === "open" ? state.timer : null;
  if (next !== timer) { timer = next; receivedAt = Date.now(); }
  draw();
}

function draw() {
  const box = byId("projector-timer");
  show(box, !!timer);
  if (!timer) return;
  const left = timeLeft(timer, receivedAt);
  setText(box, left > 0 ? t("live.runsheet.time_left", { time: clock(left) }) : t("live.runsheet.time_up"));
}

setInterval(draw, 1000);
