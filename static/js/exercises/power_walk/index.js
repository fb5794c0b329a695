/* The power walk: statements answered Yes / No / Pass at the facilitator's pace, as oneself or in
   a role; each phone keeps its own result, and the room sees only the anonymous picture. */

import * as onConsole from "./console.js";
import * as onPhone from "./phone.js";
import * as onProjector from "./projector.js";

export default {
  kinds: ["power_walk"],
  console: { views: ["walk-console"], ...onConsole },
  projector: { views: ["walk-view"], ...onProjector },
  phone: { views: ["walk-view"], ...onPhone },
};
