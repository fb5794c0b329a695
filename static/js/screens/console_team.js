/* Who of the organisation has the workshop open, on the console and on the moderator view: two numbers
   from the server's `team_count` (each person once per view), never names, never participants. */

import { byId, setText } from "../core/dom.js";
import { t, tn } from "../core/text.js";

/** Draws "Your team here: 2 facilitators, 1 moderator" from a `team_count` event. */
export function renderTeam(team) {
  const line = byId("team-count");
  if (!line || !team) return;
  setText(line, t("live.team.line", { facilitators: tn("live.team.facilitators", team.facilitators),
                                      moderators: tn("live.team.moderators", team.moderators) }));
}
