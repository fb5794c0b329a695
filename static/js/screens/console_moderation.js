/* The console's moderation queue: written reflections wait here until the facilitator approves or
   rejects each one; only approved ones can reach the projector. */

import { byId, changed, el, onClick, replaceKeepingFocus, setText, show } from "../core/dom.js";
import { t, tn } from "../core/text.js";

/** Draws the queue and the held and approved counts from `screen.state`. */
export function renderModeration(screen) {
  const { state, online } = screen;
  const moderation = state.moderation || { pending: [], held: 0, approved: 0 };
  const list = byId("moderation-pending");
  show(byId("moderation-empty"), moderation.pending.length === 0);
  setText(byId("moderation-held"), tn("live.console.held", moderation.held || 0));
  setText(byId("moderation-approved"), tn("live.console.approved", moderation.approved || 0));
  if (!changed(list, [moderation.pending, online])) return;
  const items = moderation.pending.map((reflection) => {
    const textId = `reflection-${reflection.id}`;
    const button = (decision, label) => {
      const node = el("button", { type: "button", class: `button ${decision}`, "aria-describedby": textId,
                                  "data-focus-key": `${decision}-${reflection.id}`,
                                  "aria-disabled": online ? null : "true", text: label });
      onClick(node, () => moderate(screen, reflection.id, decision));
      return node;
    };
    return el("li", { class: "moderation-item" }, [
      el("p", { id: textId, class: "reflection-text", text: reflection.text }),
      el("div", { class: "row-buttons" }, [button("approve", t("live.console.approve")),
                                            button("reject", t("live.console.reject"))]),
    ]);
  });
  replaceKeepingFocus(list, items, byId("moderation-heading"));
}

async function moderate(screen, reflectionId, decision) {
  const ack = await screen.run(`${decision}-${reflectionId}`, "moderate_reflection",
                               { reflection_id: reflectionId, decision });
  const moderation = screen.state.moderation;
  // The server may not send a new snapshot for each decision: take the item off the queue here.
  if (ack?.ok && moderation) {
    const before = document.activeElement;
    moderation.pending = moderation.pending.filter((r) => r.id !== reflectionId);
    if (decision === "approve") moderation.approved = (moderation.approved || 0) + 1;
    renderModeration(screen);
    const next = byId("moderation-pending").querySelector("button");
    if (!before || !before.isConnected) (next || byId("moderation-heading")).focus();
  }
}
