/* The consent round on the guidelines: each section answered on the phones ("I can live with it",
   "It needs changing", "I object"), the totals per section once revealed (only "too few" below the
   minimum), an objection said in words and never who. */

import * as onConsole from "./console.js";
import * as onPhone from "./phone.js";
import * as onProjector from "./projector.js";

export default {
  kinds: ["consent"],
  console: { views: ["consent-console", "count-answered"], ...onConsole },
  projector: { views: ["consent-view"], ...onProjector },
  phone: { views: ["consent-view"], ...onPhone },
};
