/* Risk mapping: how present each risk factor is in the organisation, answered at each person's own
   pace, revealed as a ranked heat map (factors below the minimum say only "too few"), with
   measures agreed per factor. */

import * as onConsole from "./console.js";
import * as onPhone from "./phone.js";
import * as onProjector from "./projector.js";

export default {
  kinds: ["risk_map"],
  console: { views: ["risk-console", "count-answered"], ...onConsole },
  projector: { views: ["risk-view"], ...onProjector },
  phone: { views: ["risk-view"], ...onPhone },
};
