/* The deck editor: every language side by side, validation as you type by the server's own validator,
   add / duplicate / delete (with undo) / reorder by drag and drop and by keyboard, previews, a draft in
   localStorage, and a refused save when someone else saved first. Deck text is only ever set with
   textContent or .value: markup typed into a card shows as typed and never runs. */
(() => {
  "use strict";
  const root = document.getElementById("deck-editor");
  if (!root) return;
  const setup = JSON.parse(document.getElementById("editor-setup").textContent);
  const texts = JSON.parse(document.getElementById("texts").textContent || "{}");
  const csrf = root.dataset.csrf;
  const form = document.getElementById("editor-form");
  const byId = (id) => document.getElementById(id);

  function t(key, params) {
    let text = texts[key] ?? key;
    for (const [name, value] of Object.entries(params || {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  let deck = setup.deck;
  let version = setup.version;
  const deckId = setup.deck_id;
  const draftKey = `cardapp.deck-draft.${deckId ?? "new"}`;
  let dirty = false;
  let edits = 0;        // counts every change, so a save knows whether typing went on meanwhile
  let saving = false;   // one save at a time: a second (Ctrl+S) would carry the old version
  let problems = [];
  let fields = new Map(); // JSON path -> {control, problem}
  const expanded = new WeakSet(); // cards whose fields are shown
  let undo = null;
  let uid = 0;

  // ---------- what each part of a deck holds ----------
  const loc = (name, required, long) => ({ name, type: "loc", required, long });
  const locList = (name, min) => ({ name, type: "loclist", min: min || 0 });
  const DECK_FIELDS = [
    { name: "id", type: "slug" }, loc("title", true), loc("description", true, true),
    { name: "languages", type: "languages" }, { name: "author", type: "string" }, { name: "license", type: "string" },
  ];
  const THEME_FIELDS = [{ name: "id", type: "slug" }, loc("title", true), loc("description", false, true),
    loc("content_note", false, true)];
  const CARD_FIELDS = {
    question: [loc("prompt", true, true), locList("follow_ups"), loc("notes", true, true)],
    statement: [loc("text", true, true), { name: "scale", type: "scale" }, locList("prompts"), loc("notes", false, true)],
    power: [loc("text", true, true), { name: "dimension", type: "dimension" }, loc("notes", false, true)],
    role: [loc("name", true), loc("description", true, true), loc("notes", false, true)],
    risk: [loc("name", true), loc("description", true, true), locList("examples", 1), loc("notes", false, true)],
  };
  const CARD_COMMON_AFTER = [{ name: "id", type: "slug" }, loc("content_note", false, true)];
  const DIMENSION_FIELDS = [{ name: "id", type: "slug" }, loc("title", true), loc("description", false, true)];
  const GLOSSARY_FIELDS = [{ name: "id", type: "slug" }, loc("term", true), loc("definition", true, true)];
  const MAIN_TEXT = ["prompt", "text", "name"];

  const languages = () => (Array.isArray(deck.languages) ? deck.languages.filter((c) => typeof c === "string") : []);
  const pathText = (path) => path.reduce((text, part) => text + (typeof part === "number" ? `[${part}]` : `.${part}`), "$");
  const languageName = (code) => `${setup.language_names[code] || code} (${code})`;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) if (child) node.append(child);
    return node;
  }

  function nextId(prefix) { uid += 1; return `${prefix}-${uid}`; }

  // ---------- changing the draft ----------
  function changed(structure) {
    dirty = true;
    edits += 1;
    try { localStorage.setItem(draftKey, JSON.stringify({ version, deck })); } catch (_error) { /* private mode: the leave warning still protects */ }
    byId("save-status").textContent = t("editor.status.unsaved");
    if (structure) render();
    else refreshLabels();
    scheduleCheck();
  }

  function register(path, control, problem) {
    fields.set(pathText(path), { control, problem });
  }

  function problemElement(path) {
    const id = nextId("problem");
    return el("p", { className: "field-problem", id, hidden: true });
  }

  // A text in every language of the deck, side by side; a missing translation is marked in words.
  function locField(owner, spec, path, labelKey) {
    const value = owner[spec.name];
    const fieldPath = [...path, spec.name];
    const problem = problemElement(fieldPath);
    const legend = el("legend", { text: t(labelKey || `editor.field.${spec.name}`) + (spec.required ? "" : ` (${t("editor.optional")})`) });
    const columns = el("div", { className: "loc-columns" });
    const set = el("fieldset", { className: "loc-field", "data-path": pathText(fieldPath) }, legend, columns, problem);
    register(fieldPath, set, problem);
    for (const code of languages()) {
      const id = nextId("text");
      const columnProblem = el("p", { className: "field-problem", id: `${id}-problem`, hidden: true });
      const missing = el("p", { className: "missing-mark", id: `${id}-missing`, text: t("editor.missing_translation"), hidden: true });
      const control = el(spec.long ? "textarea" : "input", {
        id, lang: code, className: "loc-input", rows: spec.long ? 3 : null, type: spec.long ? null : "text",
        "aria-describedby": `${id}-missing ${id}-problem`, "data-path": pathText([...fieldPath, code]),
      });
      control.value = value && typeof value === "object" && typeof value[code] === "string" ? value[code] : "";
      control.addEventListener("input", () => {
        let map = owner[spec.name];
        if (!map || typeof map !== "object") { map = {}; owner[spec.name] = map; }
        if (control.value.trim() === "") delete map[code];
        else map[code] = control.value;
        if (!spec.required && !Array.isArray(owner) && Object.keys(map).length === 0) delete owner[spec.name];
        markMissing(set);
        changed(false);
      });
      register([...fieldPath, code], control, columnProblem);
      columns.append(el("div", { className: "loc-column" },
        el("label", { for: id, text: languageName(code) }), control, missing, columnProblem));
    }
    markMissing(set);
    return set;
  }

  function markMissing(set) {
    const controls = [...set.querySelectorAll(":scope > .loc-columns .loc-input")];
    const someText = controls.some((c) => c.value.trim() !== "");
    for (const control of controls) {
      const missing = someText && control.value.trim() === "";
      control.parentElement.querySelector(".missing-mark").hidden = !missing;
      control.classList.toggle("is-missing", missing);
    }
  }

  function locListField(owner, spec, path) {
    if (!Array.isArray(owner[spec.name])) owner[spec.name] = [];
    const list = owner[spec.name];
    const fieldPath = [...path, spec.name];
    const problem = problemElement(fieldPath);
    const items = el("ol", { className: "loc-list" });
    list.forEach((_item, index) => {
      const entry = locField(list, { name: index, type: "loc", required: true, long: true }, fieldPath, `editor.field.${spec.name}.item`);
      entry.querySelector("legend").textContent = t(`editor.field.${spec.name}.item`, { number: index + 1 });
      entry.append(el("button", { type: "button", className: "button small", text: t("editor.remove_item", { number: index + 1 }),
        onclick: () => { list.splice(index, 1); if (!list.length && !spec.min) delete owner[spec.name]; changed(true); } }));
      items.append(el("li", {}, entry));
    });
    const add = el("button", { type: "button", className: "button small", text: t(`editor.add.${spec.name}`),
      onclick: () => { owner[spec.name] = list; list.push({}); changed(true); focusLater(pathText([...fieldPath, list.length - 1, languages()[0]])); } });
    const set = el("fieldset", { className: "list-field", "data-path": pathText(fieldPath) },
      el("legend", { text: t(`editor.field.${spec.name}`) }), items, add, problem);
    register(fieldPath, set, problem);
    if (!list.length && !spec.min) delete owner[spec.name];
    return set;
  }

  function plainField(owner, spec, path) {
    const fieldPath = [...path, spec.name];
    const id = nextId("field");
    const problem = el("p", { className: "field-problem", id: `${id}-problem`, hidden: true });
    const hint = spec.type === "slug" ? el("p", { className: "hint", id: `${id}-hint`, text: t("editor.hint.slug") })
      : spec.type === "languages" ? el("p", { className: "hint", id: `${id}-hint`, text: t("editor.hint.languages") }) : null;
    let control;
    if (spec.type === "scale" || spec.type === "dimension") {
      const options = spec.type === "scale" ? ["ok_not_ok", "agree_disagree"]
        : (Array.isArray(deck.dimensions) ? deck.dimensions.map((d) => d.id) : []);
      if (owner[spec.name] && !options.includes(owner[spec.name])) options.push(owner[spec.name]);
      if (spec.type === "scale" && !owner.scale) owner.scale = "ok_not_ok";
      control = el("select", { id, "aria-describedby": `${id}-problem`, "data-path": pathText(fieldPath) },
        options.map((option) => el("option", { value: option, text: spec.type === "scale" ? t(`editor.scale.${option}`) : option })));
      control.value = owner[spec.name] ?? "";
      control.addEventListener("change", () => { owner[spec.name] = control.value; changed(false); });
    } else {
      control = el("input", { id, type: "text", "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-problem`,
        "data-path": pathText(fieldPath), className: spec.type === "slug" ? "slug-input" : null,
        spellcheck: spec.type === "slug" || spec.type === "languages" ? "false" : null });
      control.value = spec.type === "languages" ? languages().join(", ") : (owner[spec.name] ?? "");
      if (spec.type === "languages") {
        control.addEventListener("change", () => {
          deck.languages = control.value.split(/[\s,]+/).map((c) => c.trim().toLowerCase()).filter(Boolean);
          changed(true);
        });
      } else {
        control.addEventListener("input", () => { owner[spec.name] = control.value; changed(false); });
      }
    }
    register(fieldPath, control, problem);
    return el("div", { className: `plain-field field-${spec.type}` }, el("label", { for: id, text: t(`editor.field.${spec.name}`) }), control, hint, problem);
  }

  function fieldsFor(owner, specs, path) {
    return specs.map((spec) => spec.type === "loc" ? locField(owner, spec, path)
      : spec.type === "loclist" ? locListField(owner, spec, path) : plainField(owner, spec, path));
  }

  // ---------- lists of themes, cards, dimensions and glossary entries ----------
  function uniqueId(base, taken) {
    let candidate = base;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}-${n}`;
    return candidate;
  }
  const cardIds = () => new Set((deck.themes || []).flatMap((theme) => (theme.cards || []).map((card) => card.id)));

  function newCard(kind) {
    const id = uniqueId("new-card", cardIds());
    const card = { id, kind };
    if (kind === "question") Object.assign(card, { prompt: {}, notes: {} });
    if (kind === "statement") Object.assign(card, { text: {}, scale: "ok_not_ok" });
    if (kind === "power") Object.assign(card, { text: {}, dimension: (deck.dimensions || [])[0]?.id || "" });
    if (kind === "role") Object.assign(card, { name: {}, description: {} });
    if (kind === "risk") Object.assign(card, { name: {}, description: {}, examples: [{}] });
    return card;
  }

  function duplicateOf(kind, item) {
    const copy = structuredClone(item);
    if (kind === "theme") {
      copy.id = uniqueId(`${item.id}-copy`, new Set(deck.themes.map((theme) => theme.id)));
      const taken = cardIds();
      for (const card of copy.cards || []) { card.id = uniqueId(`${card.id}-copy`, taken); taken.add(card.id); }
    } else if (kind === "card") {
      copy.id = uniqueId(`${item.id}-copy`, cardIds());
    } else {
      copy.id = uniqueId(`${item.id}-copy`, new Set((kind === "dimension" ? deck.dimensions : deck.glossary).map((x) => x.id)));
    }
    return copy;
  }

  function itemTitle(kind, item, index) {
    const first = languages()[0];
    if (kind === "card") {
      const field = MAIN_TEXT.find((name) => item[name] && typeof item[name] === "object");
      const words = field ? (item[field][first] || Object.values(item[field])[0] || "") : "";
      const short = words.length > 90 ? `${words.slice(0, 88).trimEnd()}…` : words;
      return `${t(`card.kind.${item.kind}`)} ${index + 1}: ${short || t("editor.untitled")}`;
    }
    const title = item.title || item.term || {};
    return `${t(`editor.${kind}`)} ${index + 1}: ${title[first] || Object.values(title)[0] || t("editor.untitled")}`;
  }

  function move(list, from, to, kind, focusAction) {
    if (to < 0 || to >= list.length || from === to) return;
    const [item] = list.splice(from, 1);
    list.splice(to, 0, item);
    changed(true);
    byId("move-status").textContent = t("editor.moved", { what: t(`editor.${kind}`), position: to + 1, count: list.length });
    focusLater(null, item, focusAction);
  }

  function remove(list, index, kind, item) {
    list.splice(index, 1);
    undo = { list, index, item };
    byId("undo-text").textContent = t("editor.deleted_item", { what: itemTitle(kind, item, index) });
    byId("undo-bar").hidden = false;
    changed(true);
    byId("undo-button").focus();
  }

  let pendingFocus = null;
  // Called after the form was redrawn: puts the focus back where the person was working.
  function focusLater(path, item, action) { pendingFocus = { path, item, action }; applyFocus(); }
  function applyFocus() {
    if (!pendingFocus) return;
    const { path, item, action } = pendingFocus;
    pendingFocus = null;
    let target = null;
    if (path) target = fields.get(path)?.control;
    else if (item) target = itemNodes.get(item)?.querySelector(`[data-action="${action || "toggle"}"]`) || itemNodes.get(item)?.querySelector("[data-action]");
    if (target && !target.disabled) target.focus();
  }

  let itemNodes = new Map();
  let dragging = null;

  function listItem(kind, list, index, path, body, headExtra) {
    const item = list[index];
    const titleId = nextId("item");
    const tool = (action, label, handler, disabled) => el("button", { type: "button", className: "button small", "data-action": action,
      disabled: disabled || null, onclick: handler }, label, el("span", { className: "visually-hidden", text: `: ${itemTitle(kind, item, index)}` }));
    const handle = el("span", { className: "drag-handle", draggable: "true", title: t("editor.drag"), "aria-hidden": "true", text: "⠿" });
    const head = el("div", { className: "item-head" }, handle, headExtra(titleId), el("div", { className: "item-tools" },
      tool("up", t("editor.move_up"), () => move(list, index, index - 1, kind, "up"), index === 0),
      tool("down", t("editor.move_down"), () => move(list, index, index + 1, kind, "down"), index === list.length - 1),
      tool("duplicate", t("editor.duplicate"), () => { list.splice(index + 1, 0, duplicateOf(kind, item)); changed(true); focusLater(null, list[index + 1]); }),
      kind === "card" ? tool("preview", t("editor.preview.open"), () => openPreview(item, path)) : null,
      tool("delete", t("editor.delete"), () => remove(list, index, kind, item)),
    ));
    const problem = problemElement(path);
    const node = el("li", { className: `item item-${kind}`, "data-path": pathText(path), "aria-labelledby": titleId }, head, problem, body);
    register(path, node, problem);
    itemNodes.set(item, node);
    // Keyboard: Alt+Arrow up/down moves the item whose toolbar or heading has the focus.
    head.addEventListener("keydown", (event) => {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      event.preventDefault();
      move(list, index, index + (event.key === "ArrowUp" ? -1 : 1), kind, event.target.dataset.action || "toggle");
    });
    handle.addEventListener("dragstart", (event) => {
      dragging = { list, index };
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", String(index));
      event.dataTransfer.setDragImage(node, 10, 10);
      node.classList.add("is-dragging");
    });
    handle.addEventListener("dragend", () => { node.classList.remove("is-dragging"); dragging = null; });
    node.addEventListener("dragover", (event) => {
      if (dragging && dragging.list === list) { event.preventDefault(); event.stopPropagation(); node.classList.add("drop-target"); }
    });
    node.addEventListener("dragleave", () => node.classList.remove("drop-target"));
    node.addEventListener("drop", (event) => {
      if (!dragging || dragging.list !== list) return;
      event.preventDefault();
      event.stopPropagation();
      const from = dragging.index;
      dragging = null;
      move(list, from, index, kind, "up");
    });
    return node;
  }

  function cardNode(theme, t_index, c_index) {
    const card = theme.cards[c_index];
    const path = ["themes", t_index, "cards", c_index];
    const bodyId = nextId("card-body");
    const body = el("div", { className: "item-body", id: bodyId, hidden: !expanded.has(card) },
      el("p", { className: "card-kind-label meta", text: `${t("editor.field.kind")}: ${t(`card.kind.${card.kind}`)}` }),
      fieldsFor(card, CARD_FIELDS[card.kind] || [], path), fieldsFor(card, CARD_COMMON_AFTER, path));
    return listItem("card", theme.cards, c_index, path, body, (titleId) => el("h4", { className: "item-title" },
      el("button", { type: "button", id: titleId, className: "toggle", "data-action": "toggle", "aria-expanded": String(expanded.has(card)),
        "aria-controls": bodyId, text: itemTitle("card", card, c_index),
        onclick: (event) => {
          const open = !expanded.has(card);
          if (open) expanded.add(card); else expanded.delete(card);
          event.currentTarget.setAttribute("aria-expanded", String(open));
          byId(bodyId).hidden = !open;
        } })));
  }

  function themeNode(theme, index) {
    const path = ["themes", index];
    if (!Array.isArray(theme.cards)) theme.cards = [];
    const cardsPath = [...path, "cards"];
    const cardsProblem = problemElement(cardsPath);
    const cards = el("ol", { className: "item-list cards-list", "data-path": pathText(cardsPath) },
      theme.cards.map((_card, c) => cardNode(theme, index, c)));
    register(cardsPath, cards, cardsProblem);
    const kindId = nextId("kind");
    const kind = el("select", { id: kindId }, setup.kinds.map((k) => el("option", { value: k, text: t(`card.kind.${k}`) })));
    const body = el("div", { className: "item-body" }, fieldsFor(theme, THEME_FIELDS, path),
      el("h4", { text: t("editor.cards") }), cardsProblem, cards,
      el("div", { className: "add-card" }, el("label", { for: kindId, text: t("editor.new_card_kind") }), kind,
        el("button", { type: "button", className: "button", "data-add-card": String(index), onclick: () => {
          const card = newCard(kind.value);
          theme.cards.push(card);
          expanded.add(card);
          changed(true);
          const main = CARD_FIELDS[card.kind][0].name;
          focusLater(pathText([...cardsPath, theme.cards.length - 1, main, languages()[0]]));
        } }, t("editor.add_card"), el("span", { className: "visually-hidden", text: `: ${itemTitle("theme", theme, index)}` }))));
    return listItem("theme", deck.themes, index, path, body, (titleId) => el("h3", { id: titleId, className: "item-title", tabindex: "-1", text: itemTitle("theme", theme, index) }));
  }

  function simpleListSection(kind, key, specs) {
    if (!Array.isArray(deck[key])) deck[key] = [];
    const list = deck[key];
    const nodes = list.map((item, index) => listItem(kind, list, index, [key, index], el("div", { className: "item-body" }, fieldsFor(item, specs, [key, index])),
      (titleId) => el("h3", { id: titleId, className: "item-title", text: itemTitle(kind, item, index) })));
    const section = el("section", { className: "editor-section", "data-path": pathText([key]) },
      el("h2", { text: t(`editor.section.${key}`) }), el("p", { className: "hint", text: t(`editor.section.${key}.hint`) }),
      el("ol", { className: "item-list" }, nodes),
      el("button", { type: "button", className: "button", onclick: () => {
        const taken = new Set(list.map((x) => x.id));
        list.push(kind === "dimension" ? { id: uniqueId("new-dimension", taken), title: {} } : { id: uniqueId("new-term", taken), term: {}, definition: {} });
        changed(true);
        focusLater(pathText([key, list.length - 1, kind === "dimension" ? "title" : "term", languages()[0]]));
      } }, t(`editor.add.${kind}`)));
    return section; // an empty list is the format's default, and stays the same array for "Undo"
  }

  // ---------- drawing the whole form ----------
  function render() {
    const active = document.activeElement && form.contains(document.activeElement) ? document.activeElement.dataset.path : null;
    fields = new Map();
    itemNodes = new Map();
    const deckProblem = problemElement([]);
    register([], form, deckProblem);
    if (!Array.isArray(deck.themes)) deck.themes = [];
    const themesPath = ["themes"];
    const themesProblem = problemElement(themesPath);
    const themes = el("ol", { className: "item-list themes-list" }, deck.themes.map((theme, index) => themeNode(theme, index)));
    register(themesPath, themes, themesProblem);
    form.replaceChildren(
      deckProblem,
      el("section", { className: "editor-section", "aria-labelledby": "about-heading" },
        el("h2", { id: "about-heading", text: t("editor.section.about") }), fieldsFor(deck, DECK_FIELDS, [])),
      el("section", { className: "editor-section", "aria-labelledby": "themes-heading" },
        el("h2", { id: "themes-heading", text: t("editor.section.themes") }), themesProblem, themes,
        el("button", { type: "button", className: "button", id: "add-theme", onclick: addTheme }, t("editor.add_theme"))),
      simpleListSection("dimension", "dimensions", DIMENSION_FIELDS),
      simpleListSection("glossary", "glossary", GLOSSARY_FIELDS),
    );
    showProblems();
    if (pendingFocus) applyFocus();
    else if (active) fields.get(active)?.control?.focus?.();
  }

  function refreshLabels() {
    // Titles of items follow their texts without redrawing the form (which would move the caret).
    (deck.themes || []).forEach((theme, index) => {
      const node = itemNodes.get(theme);
      const title = node?.querySelector(":scope > .item-head .item-title");
      if (title) title.textContent = itemTitle("theme", theme, index);
      (theme.cards || []).forEach((card, c) => {
        const toggle = itemNodes.get(card)?.querySelector(":scope > .item-head .toggle");
        if (toggle) toggle.textContent = itemTitle("card", card, c);
      });
    });
    const first = languages()[0];
    byId("editor-heading").textContent = (deck.title && (deck.title[first] || Object.values(deck.title)[0])) || t("editor.new_title");
  }

  function addTheme() {
    const taken = new Set(deck.themes.map((theme) => theme.id));
    const card = newCard("question");
    expanded.add(card);
    deck.themes.push({ id: uniqueId("new-theme", taken), title: {}, cards: [card] });
    changed(true);
    focusLater(pathText(["themes", deck.themes.length - 1, "title", languages()[0]]));
  }

  // ---------- validation: as you type, and on save ----------
  let checkTimer = null;
  let checkNumber = 0;
  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, 350);
  }

  async function request(method, url, body) {
    const response = await fetch(url, { method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    return { status: response.status, data };
  }

  async function runCheck() {
    const number = ++checkNumber;
    try {
      const { status, data } = await request("POST", setup.urls.check, { deck });
      if (number !== checkNumber) return; // a newer check is on its way
      if (status === 200) { problems = data.problems; showProblems(); }
      else showNotice(data.error?.message || t("editor.status.check_failed"));
    } catch (_error) {
      if (number === checkNumber) byId("save-status").textContent = t("editor.status.offline");
    }
  }

  function owningField(path) {
    let candidate = path;
    while (candidate.length > 1) {
      if (fields.has(candidate)) return fields.get(candidate);
      const cut = Math.max(candidate.lastIndexOf("."), candidate.lastIndexOf("["));
      candidate = candidate.slice(0, Math.max(cut, 1));
    }
    return fields.get("$");
  }

  function showProblems() {
    for (const { control, problem } of fields.values()) {
      problem.replaceChildren();
      problem.hidden = true;
      if (control !== form) control.removeAttribute("aria-invalid");
    }
    const list = byId("problem-list");
    list.replaceChildren();
    for (const item of problems) {
      const field = owningField(item.path);
      if (!field) continue;
      const message = item.shown || item.message;
      field.problem.append(el("span", { text: message }));
      field.problem.hidden = false;
      if (field.control !== form) field.control.setAttribute("aria-invalid", "true");
      // A problem inside a folded card unfolds it, so the message is next to its field.
      const card = field.control.closest(".item-card");
      const body = card?.querySelector(":scope > .item-body");
      if (body && body.hidden) {
        body.hidden = false;
        card.querySelector(":scope > .item-head .toggle")?.setAttribute("aria-expanded", "true");
        for (const [object, node] of itemNodes) if (node === card) expanded.add(object);
      }
      list.append(el("li", {}, el("a", { href: "#", text: `${item.path}: ${message}`, onclick: (event) => {
        event.preventDefault();
        const target = field.control === form ? form : (field.control.matches("input, textarea, select") ? field.control : field.control.querySelector("input, textarea, select, button"));
        target?.focus();
      } })));
    }
    byId("problem-summary").hidden = problems.length === 0;
    byId("problem-summary-heading").textContent = t("editor.problems", { count: problems.length });
  }

  async function save() {
    if (saving) return;
    clearTimeout(checkTimer);
    const button = byId("save-deck");
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    saving = true;
    button.setAttribute("aria-disabled", "true");
    byId("save-status").textContent = t("editor.status.saving");
    const editsSent = edits;
    try {
      const { status, data } = deckId === null
        ? await request("POST", setup.urls.create, { deck })
        : await request("PUT", setup.urls.save, { deck, version });
      if (status === 200 || status === 201) {
        version = data.version;
        problems = [];
        showProblems();
        hideNotice();
        if (edits === editsSent) {
          dirty = false;
          localStorage.removeItem(draftKey);
          byId("save-status").textContent = t("editor.status.saved");
        } else {
          // Typed while the save was on its way: that is not on the server yet, so keep the draft.
          try { localStorage.setItem(draftKey, JSON.stringify({ version, deck })); } catch (_error) { /* see changed() */ }
          byId("save-status").textContent = t("editor.status.unsaved");
        }
        if (deckId === null) window.location.assign(setup.urls.edit.replace("{id}", data.id));
      } else if (status === 422 && data.error?.problems) {
        problems = data.error.problems;
        showProblems();
        byId("save-status").textContent = t("editor.status.not_saved", { count: problems.length });
        byId("problem-summary-heading").focus();
      } else if (status === 409 && data.error?.code === "deck_changed") {
        showConflict(data.error.message);
        byId("save-status").textContent = t("editor.status.not_saved_conflict");
      } else {
        showNotice(data.error?.message || t("editor.status.save_failed"));
        byId("save-status").textContent = t("editor.status.save_failed");
      }
    } catch (_error) {
      byId("save-status").textContent = t("editor.status.offline");
    } finally {
      saving = false;
      button.removeAttribute("aria-disabled");
    }
  }

  function showNotice(message, ...actions) {
    const notice = byId("editor-notice");
    notice.replaceChildren(el("p", { text: message }), ...actions);
    notice.hidden = false;
  }
  function hideNotice() { byId("editor-notice").hidden = true; byId("editor-notice").replaceChildren(); }

  function showConflict(message) {
    showNotice(message, el("button", { type: "button", className: "button", id: "reload-saved", onclick: reloadSaved }, t("editor.reload_saved")));
  }

  async function reloadSaved() {
    const { status, data } = await request("GET", setup.urls.reload);
    if (status !== 200) { showNotice(data.error?.message || t("editor.status.save_failed")); return; }
    deck = data.deck;
    version = data.version;
    dirty = false;
    problems = [];
    localStorage.removeItem(draftKey);
    hideNotice();
    render();
    byId("save-status").textContent = t("editor.status.reloaded");
    byId("editor-heading").focus?.();
  }

  // ---------- preview as the projector and a phone show a card ----------
  let previewed = null;
  function openPreview(card, path) {
    previewed = { card, path };
    const select = byId("preview-language");
    select.replaceChildren(...languages().map((code) => el("option", { value: code, text: languageName(code) })));
    drawPreview();
    byId("preview-dialog").showModal();
  }

  function drawPreview() {
    if (!previewed) return;
    const { card, path } = previewed;
    const code = byId("preview-language").value;
    const theme = deck.themes[path[1]] || {};
    const word = (map) => (map && typeof map === "object" ? (map[code] || "") : "");
    const main = word(card[MAIN_TEXT.find((name) => card[name]) || "text"]);
    const extra = [...(card.follow_ups || []), ...(card.prompts || []), ...(card.examples || [])].map(word).filter(Boolean);
    const note = word(card.content_note) || word(theme.content_note);
    const choices = card.kind === "statement" ? (card.scale === "agree_disagree" ? ["agree", "disagree", "both", "unsure"] : ["ok", "not_ok", "depends", "unsure"])
      : card.kind === "power" ? ["yes", "no", "pass"] : [];
    const empty = t("editor.preview.empty");
    byId("preview-projector").replaceChildren(
      el("p", { className: "preview-theme", lang: code, text: word(theme.title) }),
      note ? el("p", { className: "preview-note", lang: code, text: `${t("editor.field.content_note")}: ${note}` }) : null,
      el("p", { className: "preview-text", lang: code, text: main || empty }),
      card.kind === "role" || card.kind === "risk" ? el("p", { className: "preview-description", lang: code, text: word(card.description) }) : null,
      extra.length ? el("ul", { lang: code }, extra.map((text) => el("li", { text }))) : null);
    byId("preview-phone").replaceChildren(
      el("p", { className: "preview-text", lang: code, text: main || empty }),
      choices.length ? el("div", { className: "preview-choices" }, choices.map((choice) => el("span", { className: "preview-choice", text: t(`editor.choice.${choice}`) }))) : null,
      card.kind === "question" ? el("p", { className: "hint", text: t("editor.preview.phone_question") }) : null);
  }

  // ---------- start: a draft from an earlier visit, the leave warning ----------
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (_error) { stored = null; }
  if (stored && stored.deck && JSON.stringify(stored.deck) !== JSON.stringify(setup.deck)) {
    deck = stored.deck;
    version = stored.version ?? version;
    dirty = true;
    showNotice(t("editor.draft_restored"), el("button", { type: "button", className: "button", id: "discard-draft", onclick: () => {
      localStorage.removeItem(draftKey);
      deck = setup.deck; version = setup.version; dirty = false; problems = [];
      hideNotice(); render(); scheduleCheck();
      byId("save-status").textContent = t("editor.status.draft_discarded");
    } }, t("editor.discard_draft")));
  }
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
  byId("save-deck").addEventListener("click", save);
  byId("add-theme-top").addEventListener("click", addTheme);
  byId("undo-button").addEventListener("click", () => {
    if (!undo) return;
    undo.list.splice(Math.min(undo.index, undo.list.length), 0, undo.item);
    const item = undo.item;
    undo = null;
    byId("undo-bar").hidden = true;
    changed(true);
    focusLater(null, item, "delete");
    applyFocus();
  });
  byId("preview-language").addEventListener("change", drawPreview);
  byId("preview-close").addEventListener("click", () => byId("preview-dialog").close());
  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); }
  });
  render();
  if (dirty) byId("save-status").textContent = t("editor.status.unsaved");
  scheduleCheck();
})();
