/* "What we agreed last time": the actions a former workshop agreed, on the projector as text and on
   the console with "Done" and "Carry over" for each. Phones show only the item's title, as a card. */

import * as onConsole from "./console.js";
import * as onProjector from "./projector.js";

export default {
  kinds: ["review"],
  console: { views: ["review-console"], ...onConsole },
  projector: { views: ["review-view"], ...onProjector },
};
