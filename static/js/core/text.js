/* The page's interface text: the catalogue the server put in <script id="texts">, in the page's
   language, with {name} fields filled in. A missing text shows its key rather than nothing.
   Plural entries come as lists of forms in gettext's order; <script id="plural-forms"> maps the
   language's CLDR plural categories (what Intl.PluralRules answers) to indexes in those lists. */

const texts = JSON.parse(document.getElementById("texts")?.textContent || "{}");
const pluralForms = JSON.parse(document.getElementById("plural-forms")?.textContent || "{}");
const pluralRules = new Intl.PluralRules(pluralForms.language || document.documentElement.lang || "en");

const fill = (text, params) =>
  text.replace(/\{(\w+)\}/g, (field, name) => (name in params ? String(params[name]) : field));

/** The interface text for `key` with `{name}` fields filled in; a missing text shows its key. */
export function t(key, params = {}) {
  const text = texts[key] ?? key;
  return fill(Array.isArray(text) ? text[text.length - 1] : text, params);
}

/** The form of plural entry `key` that the page's language uses for `count`, with `{count}` (and `params`). */
export function tn(key, count, params = {}) {
  const forms = texts[key];
  if (!Array.isArray(forms)) return t(key, { count, ...params });
  const index = pluralForms.categories?.[pluralRules.select(count)];
  return fill(forms[index] ?? forms[forms.length - 1], { count, ...params });
}

/** A choice key (agree, not_ok, ...) as words; an unknown key from a future deck shows as is. */
export const choiceLabel = (choice) => texts[`live.choice.${choice}`] ?? choice;

/** An agenda item's kind as words; an unknown kind shows as is. */
export const kindLabel = (kind) => texts[`live.kind.${kind}`] ?? kind;

/** Percentages in the page's language, whole numbers only. */
export const percent = new Intl.NumberFormat(document.documentElement.lang || "en",
                                             { style: "percent", maximumFractionDigits: 0 });
