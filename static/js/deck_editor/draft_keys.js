/* Where the deck editor keeps unsaved drafts in localStorage: one key per signed-in person and deck,
   `cardapp.deck-draft.<owner>.<deck id|new>`. The owner is an opaque name the server derives from the
   person's id (cardapp/web/drafts.py), so on a shared computer the next person to sign in is never
   offered someone else's draft. */

const PREFIX = "cardapp.deck-draft.";
// Drafts kept before keys named their owner (`cardapp.deck-draft.<id|new>`): whose they are is unknown.
const UNOWNED = /^cardapp\.deck-draft\.(\d+|new)$/;

/** The localStorage key of `owner`'s draft of deck `deckId` (null: a new deck). */
export const draftKey = (owner, deckId) => `${PREFIX}${owner}.${deckId ?? "new"}`;

/** Removes `owner`'s drafts, and any draft that names no owner, from this browser. */
export function forgetDrafts(owner) {
  try {
    const keys = Array.from({ length: localStorage.length }, (_unused, index) => localStorage.key(index));
    for (const key of keys) {
      if ((owner && key?.startsWith(`${PREFIX}${owner}.`)) || UNOWNED.test(key ?? "")) localStorage.removeItem(key);
    }
  } catch (_error) { /* no localStorage (private mode): then no drafts were kept either */ }
}
