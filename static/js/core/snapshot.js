/* What a screen does with the server's workshop_state snapshots and the small count events between
   them: fill the optional parts once, so renderers need not guard every field, and fold a count
   into the snapshot it belongs to. */

/** Fills the optional parts of a snapshot once, so renderers need not guard every field. */
export function normalize(snapshot) {
  const current = snapshot.current;
  if (current) {
    current.choices = current.choices || [];
    current.follow_ups = current.follow_ups || [];
    current.prompts = current.prompts || [];
    current.reflections = current.reflections || { open: false, shown: [] };
    current.reflections.shown = current.reflections.shown || [];
  }
  return snapshot;
}

/**
 * Folds an answer_count event into the snapshot: the people connected, and the answers to the
 * shown item when the count is for the same item and round (a late count for the previous card
 * must not land on the next one).
 */
export function applyAnswerCount(state, count) {
  state.connected = count.connected;
  const current = state.current;
  if (current && current.item_id === count.item_id && current.round === count.round) {
    current.answered = count.answered;
  }
}

/** A shown reflection may arrive as plain text or as {id, text}. */
export const reflectionText = (reflection) => (typeof reflection === "string" ? reflection : reflection?.text ?? "");
