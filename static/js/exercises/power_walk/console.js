/* The power walk on the console: the pace (statement by statement), the facilitator's notes,
   finishing and revealing, and the picture the room sees. A walk has its own pace and reveal, so
   none of the shared buttons of cards apply to it. */

import { byId, changed, el, enable, onClick, setDeckText, setText, show } from "../../core/dom.js";
import { kindLabel, t } from "../../core/text.js";
import { pictureView, statementLine } from "./picture.js";

export const controls = () => ({});

// Below this many phones the console suggests role cards for a walk "as yourself" (issue 14).
const SMALL_ROOM = 12;

/** Builds the walk's panel once; its buttons act on the walk of the newest render. */
function build(panel, ctx) {
  panel.dataset.built = "yes";
  panel.append(
    el("h3", { id: "walk-console-heading", text: kindLabel("power_walk") }),
    el("p", { id: "walk-mode" }),
    el("p", { id: "walk-small-room", class: "live-notice" }),
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
  onClick(byId("walk-previous"), () => ctx.run("walk-previous", "show_power_statement", { step: current().step - 1 }));
  onClick(byId("walk-next"), () => ctx.run("walk-next", "show_power_statement", { step: current().step + 1 }));
  onClick(byId("walk-finish"), () => ctx.run("walk-finish", "finish_power_walk"));
  onClick(byId("walk-reveal"), () => ctx.run("walk-reveal", "reveal_power_walk"));
}

export function render(state, ctx) {
  const panel = byId("walk-console");
  const current = state.current;
  const on = current.phase === "card" && !!current.walk && state.workshop.status === "open";
  show(panel, on);
  if (!on) return;
  const walk = current.walk;
  if (!panel.dataset.built) build(panel, ctx);
  panel.walk = walk;
  const language = state.language;
  const running = walk.status === "intro" || walk.status === "walking";
  setText(byId("walk-mode"), t(walk.mode === "roles" ? "live.power.mode_roles" : "live.power.mode_self"));
  // As yourself, in a small room, a picture says a lot about each person: role cards say it about personas.
  const small = walk.mode === "self" && walk.status === "intro" && (state.connected || 0) < SMALL_ROOM;
  show(byId("walk-small-room"), small);
  if (small) setText(byId("walk-small-room"), t("live.power.small_room", { count: SMALL_ROOM }));
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
    enable(byId(id), ctx.online && !ctx.busy(id));
  }
  show(byId("walk-finish-hint"), visible["walk-finish"]);
  show(byId("walk-reveal-hint"), visible["walk-reveal"]);
  const picture = byId("walk-console-picture");
  show(picture, !!walk.picture);
  if (walk.picture && changed(picture, [walk.picture, language])) picture.replaceChildren(pictureView(walk.picture));
  renderCount(state);
}

/** "12 of 20 have answered this statement", while the walk goes on. */
export function renderCount(state) {
  const line = byId("walk-console-answered");
  if (!line || !state.current.walk) return;
  const walking = state.current.walk.status === "walking";
  show(line, walking);
  if (walking) setText(line, t("live.power.answered", { answered: state.current.answered || 0,
                                                        connected: state.connected || 0 }));
}
