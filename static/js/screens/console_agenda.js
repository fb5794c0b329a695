/* The console's agenda: every item in order, what state it is in, and a jump to any of them. */

import { byId, changed, el, onClick, replaceKeepingFocus } from "../core/dom.js";
import { kindLabel, t } from "../core/text.js";

/** Draws the agenda from `screen.state`; rebuilt only when what it shows changed. */
export function renderAgenda(screen) {
  const { state, online } = screen;
  const list = byId("agenda");
  const open = state.workshop.status === "open";
  const at = state.current ? state.current.position : -1;
  const agenda = state.agenda || [];
  if (!changed(list, [agenda, at, open, online, state.language])) return;
  const items = agenda.map((item) => {
    const current = item.position === at;
    const meta = [kindLabel(item.kind), t(`live.console.item.${item.status}`)];
    if (item.revealed) meta.push(t("live.console.item.revealed"));
    const button = el("button", {
      type: "button", class: "agenda-jump", "data-focus-key": `item-${item.position}`,
      "aria-current": current ? "step" : null,
      // Re-showing the current card would only confuse; jumping needs an open workshop.
      "aria-disabled": current || !open || !online ? "true" : null,
    }, [
      el("span", { class: "agenda-number", text: `${item.position + 1}.` }),
      el("span", { class: "agenda-title", lang: state.language, text: item.title }),
      el("span", { class: "agenda-meta", text: meta.join(" · ") }),
    ]);
    onClick(button, () => screen.run(`item-${item.position}`, "show_item", { position: item.position }));
    return el("li", { class: current ? "agenda-item is-current" : "agenda-item" }, button);
  });
  replaceKeepingFocus(list, items, byId("agenda-heading"));
}
