/* The console's run-sheet: planned and elapsed minutes per item and for the session, the opening and
   closing scripts, and the discussion timer. Minutes and seconds count on from the latest snapshot
   on this screen's own clock; the timer only keeps time: it never sends a command by itself. */

import { byId, changed, el, enable, onClick, setText, show } from "../core/dom.js";
import { clock, timeLeft } from "../core/countdown.js";
import { t } from "../core/text.js";

let sheet = null;       // the latest run_sheet
let receivedAt = 0;     // when it came, on this screen's clock
let open = false;       // whether the workshop is running, so that minutes count on
let titles = {};
let at = -1;

const since = (unit) => Math.floor((Date.now() - receivedAt) / unit);

/** Wires the timer's controls once; each sends `control_timer` and says a refusal in the timer's status line. */
export function wireRunSheet(screen) {
  const status = byId("timer-status");
  const send = (id, payload) => screen.run(id, "control_timer", payload, status);
  byId("timer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const minutes = Number.parseInt(byId("timer-minutes").value, 10);
    send("timer-set", { action: "set", minutes: Number.isInteger(minutes) ? minutes : null });
  });
  for (const action of ["start", "pause", "reset"]) onClick(byId(`timer-${action}`), () => send(`timer-${action}`, { action }));
  onClick(byId("timer-projector"), () => send("timer-projector", { action: sheet?.timer.on_projector ? "hide" : "show" }));
  setInterval(drawClock, 1000);
}

/** Draws the run-sheet from `screen.state`; a new snapshot restarts the local count from its figures. */
export function renderRunSheet(screen) {
  const { state, online } = screen;
  if (state.run_sheet !== sheet) { sheet = state.run_sheet; receivedAt = Date.now(); }
  if (!sheet) return;
  open = state.workshop.status === "open";
  titles = Object.fromEntries((state.agenda || []).map((item) => [item.position, item.title]));
  at = state.current ? state.current.position : -1;
  const timer = sheet.timer;
  const left = timeLeft(timer, receivedAt);
  const usable = (id) => online && state.workshop.status !== "ended" && !screen.busy(id);
  enable(byId("timer-set"), usable("timer-set"));
  enable(byId("timer-start"), usable("timer-start") && timer.length_seconds > 0 && !(timer.running && left > 0));
  enable(byId("timer-pause"), usable("timer-pause") && timer.running && left > 0);
  enable(byId("timer-reset"), usable("timer-reset") && timer.length_seconds > 0);
  const projector = byId("timer-projector");
  enable(projector, usable("timer-projector") && timer.length_seconds > 0);
  projector.setAttribute("aria-pressed", String(timer.on_projector));
  setText(projector, t(timer.on_projector ? "live.runsheet.timer_hide" : "live.runsheet.timer_show"));
  const minutes = byId("timer-minutes");
  if (!minutes.value && document.activeElement !== minutes) {
    const planned = sheet.items.find((item) => item.position === at)?.planned_minutes;
    if (timer.length_seconds) minutes.value = String(Math.round(timer.length_seconds / 60));
    else if (planned) minutes.value = String(planned);
  }
  script("runsheet-opening", sheet.opening_script);
  script("runsheet-closing", sheet.closing_script);
  drawClock();
}

function script(id, text) {
  show(byId(id), !!text);
  setText(byId(`${id}-text`), text || "");
}

/** Every second: the timer and, once a minute has passed, the elapsed minutes. */
function drawClock() {
  if (!sheet) return;
  const timer = sheet.timer;
  const left = timeLeft(timer, receivedAt);
  setText(byId("timer-display"), timer.length_seconds ? clock(left) : "–");
  const facts = [];
  if (!timer.length_seconds) facts.push(t("live.runsheet.timer_not_set"));
  else if (left === 0) facts.push(t("live.runsheet.time_up"));
  else facts.push(t(timer.running ? "live.runsheet.timer_running" : "live.runsheet.timer_paused"));
  if (timer.on_projector) facts.push(t("live.runsheet.timer_on_projector"));
  setText(byId("timer-state"), facts.join(" · "));
  const more = open ? since(60000) : 0;
  setText(byId("runsheet-session"), sheet.elapsed_minutes === null
    ? t("live.runsheet.session_planned", { planned: sheet.planned_minutes })
    : t("live.runsheet.session", { elapsed: sheet.elapsed_minutes + more, planned: sheet.planned_minutes }));
  drawItems(more);
}

function drawItems(more) {
  const list = byId("runsheet-items");
  if (!changed(list, [sheet.items, at, titles, more])) return;
  list.replaceChildren(...sheet.items.map((item) => {
    const current = item.position === at;
    const elapsed = item.elapsed_minutes + (current ? more : 0);
    const facts = [item.planned_minutes ? t("live.runsheet.planned", { minutes: item.planned_minutes })
                                        : t("live.runsheet.not_planned")];
    if (elapsed || current) facts.push(t("live.runsheet.elapsed", { minutes: elapsed }));
    if (item.planned_minutes && elapsed > item.planned_minutes) {
      facts.push(t("live.runsheet.over", { minutes: elapsed - item.planned_minutes }));
    }
    return el("li", { class: current ? "runsheet-item is-current" : "runsheet-item",
                      "aria-current": current ? "step" : null, "data-position": item.position }, [
      el("span", { class: "runsheet-title", text: t("live.runsheet.item", { number: item.position + 1,
                                                                             title: titles[item.position] || "" }) }),
      el("span", { class: "runsheet-minutes", text: facts.join(" · ") }),
    ]);
  }));
}
