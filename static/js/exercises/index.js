/* The registry of exercises, looked up by the shown agenda item's `kind`. Each exercise is one
   module (or a folder with an index.js) whose default export has the same shape:

     { kinds: ["..."],                  the agenda item kinds it draws
       console: part, projector: part, phone: part }   (a screen it leaves out shows the item as a card)

   and each part, for its screen:

     views                the ids of the page sections it owns; the screen shows them only while
                          the shown item is this exercise's, and hides them otherwise
     render(state, ctx)   draws the shown item from the latest workshop_state
     start(ctx)           optional: once, when the screen starts: wires controls the page already
                          has, or adds the sections it owns (core/dom.js addSection)
     renderCount(state)   optional: redraws "how many have answered" after an answer_count event
     controls(state)      console, optional: which of the shared buttons apply ({id: visible})
     keepOwn(previous, snapshot)  phone, optional: keeps this phone's own part that broadcasts leave out
     hasDraft()           phone, optional: true while the person has typed something not yet sent

   ctx is the screen's: on the console {run(buttonId, event, payload), busy(id), online}, on a phone
   {state, socket, online, message(text), render()}, on the projector {}.
   A new exercise is one more module and one more line in EXERCISES; docs/development.md says more. */

import { byId, show } from "../core/dom.js";
import cards from "./cards/index.js";
import consent from "./consent/index.js";
import powerWalk from "./power_walk/index.js";
import questionBox from "./question_box/index.js";
import review from "./review/index.js";
import riskMap from "./risk_map/index.js";

const EXERCISES = [cards, powerWalk, riskMap, review, consent, questionBox];

const byKind = new Map(EXERCISES.flatMap((exercise) => exercise.kinds.map((kind) => [kind, exercise])));

/**
 * The part of the exercise that draws items of `kind` on `screen`. A kind with no exercise of its
 * own (a card kind newer than this page), or an exercise with nothing of its own on that screen, is
 * shown there as a card to talk about: its text, no answers.
 */
export function partFor(screen, kind) {
  return byKind.get(kind)?.[screen] ?? cards[screen];
}

/** Every exercise's part for `screen`, e.g. to wire them all when the screen starts. */
export const partsFor = (screen) => EXERCISES.map((exercise) => exercise[screen]).filter(Boolean);

/** Shows the sections `active` owns on `screen` (none when null) and hides every other exercise's. */
export function showViews(screen, active) {
  const shown = new Set(active ? active.views : []);
  for (const part of partsFor(screen)) {
    for (const id of part.views) {
      const view = byId(id);
      if (view) show(view, shown.has(id));
    }
  }
}
