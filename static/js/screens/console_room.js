/* The console's room box and projector link: the room code and join address for the participants,
   and the projector's secret link to copy or open. */

import { byId, onClick, setText, show } from "../core/dom.js";
import { t } from "../core/text.js";

/** Draws the room code, the join address and the projector link from `state`. */
export function renderLinks(state) {
  const workshop = state.workshop;
  setText(byId("room-code"), workshop.room_code || "–");
  setText(byId("join-url"), workshop.join_url || "–");
  const input = byId("projector-url");
  if (state.projector_url && input.value !== state.projector_url) input.value = state.projector_url;
  const link = byId("open-projector");
  show(link, !!state.projector_url && workshop.status !== "ended");
  if (state.projector_url) link.href = state.projector_url;
}

/** Wires "Copy": the clipboard API exists only in secure contexts; on plain http the link is selected instead. */
export function wireCopyButton() {
  onClick(byId("copy-projector-url"), async () => {
    const input = byId("projector-url");
    const status = byId("copy-status");
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(input.value);
      setText(status, t("live.console.copied"));
    } catch {
      input.focus();
      input.select();
      setText(status, t("live.console.copy_manual"));
    }
  });
}
