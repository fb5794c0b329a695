/* The question box: questions the room asked anonymously, shown once approved and in batches. The
   projector lists them by votes, phones upvote them (one vote per phone), the console sees them with
   what waits for a batch. Asking is open on every item: ask.js adds that control to the phone. */

import * as onConsole from "./console.js";
import * as onPhone from "./phone.js";
import * as onProjector from "./projector.js";

export default {
  kinds: ["question_box"],
  console: { views: ["question-box-console"], ...onConsole },
  projector: { views: ["question-box-view"], ...onProjector },
  phone: { views: ["question-box-phone"], ...onPhone },
};
