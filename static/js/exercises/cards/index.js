/* Conversation cards and statements: a card to talk about, and for a statement an answer from
   every phone, results once revealed (or only "too few"), a second round with the shift, and
   written reflections the facilitator approves. */

import * as onConsole from "./console.js";
import * as onPhone from "./phone.js";
import * as onProjector from "./projector.js";

export default {
  kinds: ["question", "statement"],
  console: { views: ["current-answers", "current-results-section", "current-shown-section", "count-answered"],
             ...onConsole },
  projector: { views: ["card-view"], ...onProjector },
  phone: { views: ["card-view"], ...onPhone },
};
