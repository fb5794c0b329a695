/* "What we agreed last time" on the console and the projector (current.kind === "review").
   - Projector: the actions under review as text, each with its status in words.
   - Console: the same list, with "Done" and "Carry over" for each action.
   Phones show only the item's title, as for any card. Built with createElement and textContent only:
   the actions' texts were typed by people and are never HTML. */
"use strict";

window.Review = (() => {
  const L = window.Live;
  const { t, byId, el, show } = L;

  const isReview = (state) => !!state && state.workshop.status !== "ended" && state.current?.kind === "review"
    && state.current.phase === "card" && !!state.current.review;

  /** A section of its own, made once beside `anchorId`, so the page templates need no markup for it. */
  function section(id, anchorId, props) {
    let node = byId(id);
    if (!node) {
      const anchor = byId(anchorId);
      if (!anchor) return null;
      node = el("section", { id, hidden: true, ...props });
      anchor.after(node);
    }
    return node;
  }

  const statusWord = (action) => t(`live.review.status.${action.status}`);

  function actionLine(action, language) {
    return [el("span", { class: "review-text", lang: language, text: action.text }),
            el("span", { class: `review-status review-${action.status}`, text: ` (${statusWord(action)})` })];
  }

  function renderProjector(state) {
    const view = section("review-view", "card-view", { class: "view", "aria-labelledby": "review-heading" });
    if (!view || !L.takeOver("card-view", "review-view", isReview(state))) return false;
    const actions = state.current.review.actions;
    if (L.changed(view, [state.current.item_id, actions, state.language])) {
      view.replaceChildren(
        el("h2", { id: "review-heading", class: "projector-big", text: t("live.review.title") }),
        el("p", { class: "projector-hint", text: t("live.review.intro") }),
        actions.length
          ? el("ul", { class: "projector-list review-list" }, actions.map((a) => el("li", {}, actionLine(a, state.language))))
          : el("p", { text: t("live.review.empty") }),
      );
    }
    return true;
  }

  function renderConsole(ctx) {
    const { state, run, online, busy } = ctx;
    const box = section("review-console", "risk-console", { class: "review-console", "aria-labelledby": "review-console-heading" });
    if (!box) return;
    const on = isReview(state);
    show(box, on);
    if (!on) return;
    const itemId = state.current.item_id;
    const actions = state.current.review.actions;
    const waiting = actions.flatMap((a) => [`review-${a.id}-done`, `review-${a.id}-carried_over`]).filter(busy);
    if (!L.changed(box, [itemId, actions, online, waiting])) return;
    const button = (action, status) => {
      const id = `review-${action.id}-${status}`;
      const node = el("button", { type: "button", id, class: "button", "data-focus-key": id,
                                  "aria-pressed": action.status === status ? "true" : "false",
                                  "aria-describedby": `review-${action.id}-text` },
                      [t(`live.review.mark_${status}`)]);
      L.enable(node, online && !busy(id));
      L.onClick(node, () => run(id, "review_action", { item_id: itemId, action_id: action.id, status }));
      return node;
    };
    const items = actions.map((action) => el("li", { class: "review-item" }, [
      el("p", { id: `review-${action.id}-text` }, actionLine(action, state.language)),
      el("div", { class: "row-form" }, [button(action, "done"), button(action, "carried_over")]),
    ]));
    L.replaceKeepingFocus(box, [
      el("h3", { id: "review-console-heading", text: t("live.review.title") }),
      items.length ? el("ul", { class: "review-list" }, items) : el("p", { text: t("live.review.empty") }),
    ]);
  }

  return { renderProjector, renderConsole, isReview };
})();
