/* The console's agreements panel: guidelines and topics the room agrees on at any time, and the
   measures typed under a revealed risk map. */

import { byId, changed, el, enable, isEnabled, onClick, replaceKeepingFocus, setText, show } from "../core/dom.js";
import { t } from "../core/text.js";

/** Draws the agreements from `screen.state`. */
export function renderAgreements(screen) {
  const { state, online, busy, run } = screen;
  const list = byId("agreements-list");
  if (!list) return;
  const agreements = state.agreements || [];
  show(byId("agreements-empty"), agreements.length === 0);
  enable(byId("add-agreement"), online && state.workshop.status !== "ended" && !busy("add-agreement"));
  if (!changed(list, [agreements, online])) return;
  const items = agreements.map((agreement) => {
    const button = el("button", { type: "button", class: "button small", "data-focus-key": `agreement-${agreement.id}`,
                                  "aria-disabled": online ? null : "true",
                                  text: t("live.agreements.remove") });
    button.setAttribute("aria-label", t("live.agreements.remove_named", { text: agreement.text }));
    onClick(button, () => run(`agreement-${agreement.id}`, "remove_agreement", { agreement_id: agreement.id }));
    return el("li", { class: "agreement" }, [
      el("span", { class: "agreement-kind", text: t(`live.agreements.kind.${agreement.kind}`) }),
      el("span", { class: "agreement-text", text: agreement.text }),
      button,
    ]);
  });
  replaceKeepingFocus(list, items, byId("agreements-heading"));
}

/** Wires the agreement form once; a refusal is said in the form's own status line. */
export function wireAgreementForm(screen) {
  const form = byId("agreement-form");
  if (!form) return;
  const text = byId("agreement-text");
  const status = byId("agreement-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!isEnabled(byId("add-agreement"))) return;
    const ack = await screen.run("add-agreement", "record_agreement",
                                 { kind: byId("agreement-kind").value, text: text.value }, status);
    if (ack?.ok) { text.value = ""; setText(status, t("live.agreements.added")); }
    else if (ack) text.focus();
  });
}
