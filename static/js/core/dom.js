/* Building and updating the page without a framework. Everything is made with createElement and
   textContent, because deck text, reflections and typed measures are other people's words and must
   never be parsed as HTML. */

export const byId = (id) => document.getElementById(id);

/**
 * createElement with props (text, class, on<event> handlers, other attributes; null = absent) and
 * children, given as arguments or arrays of any depth.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child) node.append(child);
  return node;
}

export const show = (node, visible) => { node.hidden = !visible; };

/** Sets text only when it changed, so live regions do not announce the same words again. */
export function setText(node, text) {
  const value = text ?? "";
  if (node.textContent !== value) node.textContent = value;
}

/** Deck text carries its own language, which may differ from the page's (a phone reading sv). */
export function setDeckText(node, text, language) {
  setText(node, text);
  if (language) node.setAttribute("lang", language);
}

/** aria-disabled keeps a button focusable while it waits (focus is not thrown to <body>). */
export function enable(button, yes) {
  if (yes) button.removeAttribute("aria-disabled");
  else button.setAttribute("aria-disabled", "true");
}

export const isEnabled = (button) => button.getAttribute("aria-disabled") !== "true";

/** A click handler that ignores clicks while the button is aria-disabled. */
export function onClick(button, handler) {
  button.addEventListener("click", (event) => { if (isEnabled(button)) handler(event); });
}

const signatures = new WeakMap();

/** True when `data` differs from what `container` was last built from: rebuild lists only then. */
export function changed(container, data) {
  const signature = JSON.stringify(data);
  if (signatures.get(container) === signature) return false;
  signatures.set(container, signature);
  return true;
}

/** Replaces a list's children and puts focus back on the "same" control (data-focus-key). */
export function replaceKeepingFocus(container, nodes, fallback) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : null;
  container.replaceChildren(...nodes);
  if (!key) return;
  const again = [...container.querySelectorAll("[data-focus-key]")].find((n) => n.dataset.focusKey === key);
  (again || fallback)?.focus();
}

/**
 * A bar whose width is a class per 5 % step (the CSP forbids style attributes); decoration only,
 * since every number is also written out. `some` keeps a sliver visible for a small non-zero share.
 */
export function barView(share, some) {
  const step = Math.round(share * 20) * 5;
  return el("span", { class: "results-track", "aria-hidden": "true" },
            el("span", { class: `bar w-${step}${some && step === 0 ? " bar-some" : ""}` }));
}

/**
 * A page section an exercise adds itself, once, right after `anchorId`, so the page templates
 * need no markup for it; hidden until the screen shows it for the exercise's item.
 */
export function addSection(id, anchorId, props = {}) {
  const existing = byId(id);
  if (existing) return existing;
  const section = el("section", { id, hidden: true, ...props });
  byId(anchorId).after(section);
  return section;
}
