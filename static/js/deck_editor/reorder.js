/* Moving and deleting items of the deck's lists: up and down buttons, Alt+Arrow keys, drag and
   drop within the same list, and delete with undo. Each move is announced in words. */

import { byId } from "../core/dom.js";
import { t } from "../core/text.js";
import { itemTitle } from "./shape.js";
import { changed, editor, focusLater } from "./state.js";

let dragging = null; // {list, index}: the item being dragged

/** Moves an item within its list and keeps the focus on the same control of the moved item. */
export function move(list, from, to, kind, focusAction) {
  if (to < 0 || to >= list.length || from === to) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item);
  changed(true);
  byId("move-status").textContent = t("editor.moved", { what: t(`editor.${kind}`), position: to + 1, count: list.length });
  focusLater(null, item, focusAction);
}

/** Deletes an item and offers to undo it. */
export function remove(list, index, kind, item) {
  list.splice(index, 1);
  editor.undo = { list, index, item };
  byId("undo-text").textContent = t("editor.deleted_item", { what: itemTitle(kind, item, index) });
  byId("undo-bar").hidden = false;
  changed(true);
  byId("undo-button").focus();
}

/** Puts the last deleted item back where it was. */
export function undoDelete() {
  const undo = editor.undo;
  if (!undo) return;
  undo.list.splice(Math.min(undo.index, undo.list.length), 0, undo.item);
  editor.undo = null;
  byId("undo-bar").hidden = true;
  changed(true);
  focusLater(null, undo.item, "delete");
}

/** Lets the item `node` (at `index` of `list`) move by Alt+Arrow in its `head` and by dragging its `handle`. */
export function makeMovable({ list, index, kind, node, head, handle }) {
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
}
