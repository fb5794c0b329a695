/* The page's interface text: the catalogue the server put in <script id="texts">, in the page's
   language, with {name} fields filled in. A missing text shows its key rather than nothing. */

const texts = JSON.parse(document.getElementById("texts")?.textContent || "{}");

/** The interface text for `key` with `{name}` fields filled in; a missing text shows its key. */
export function t(key, params = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (field, name) => (name in params ? String(params[name]) : field));
}

/** Like t, with `{count}`; uses `key.one` for exactly one when the catalogue has it. */
export function tn(key, count, params = {}) {
  const one = `${key}.one`;
  return t(count === 1 && one in texts ? one : key, { count, ...params });
}

/** A choice key (agree, not_ok, ...) as words; an unknown key from a future deck shows as is. */
export const choiceLabel = (choice) => texts[`live.choice.${choice}`] ?? choice;

/** An agenda item's kind as words; an unknown kind shows as is. */
export const kindLabel = (kind) => texts[`live.kind.${kind}`] ?? kind;

/** Percentages in the page's language, whole numbers only. */
export const percent = new Intl.NumberFormat(document.documentElement.lang || "en",
                                             { style: "percent", maximumFractionDigits: 0 });
