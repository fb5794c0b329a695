/* A list on the projector a page at a time: as many items as fit the list's height at this screen's
   size, the next page every 20 seconds, "Page 1 of 3" in the line below. Calm: no animation, the
   server's order, and new items or a new screen size start at page 1. The reflections beside a card
   and the question box's questions both page this way (docs/facilitating-screens.md). */

import { byId, setText, show } from "./dom.js";
import { t } from "./text.js";

const PAGE_SECONDS = 20;

/** The pages of the list `listId`, said in the line `lineId`; `paginate()` after every redraw of it. */
export function pagedList(listId, lineId) {
  let pages = [];
  let page = 0;
  let timer = null;

  function showPage() {
    pages.forEach((items, number) => { for (const item of items) item.hidden = number !== page; });
    const line = byId(lineId);
    show(line, pages.length > 1);
    setText(line, pages.length > 1 ? t("live.projector.page_of", { page: page + 1, pages: pages.length }) : "");
  }

  /** Splits the list's items into pages that each fit the list's height, then shows the first; with
      `keep`, the same items in a new order (votes moved) stay on the page shown, and its clock runs on. */
  function paginate(keep = false) {
    const list = byId(listId);
    const line = byId(lineId);
    const items = list ? [...list.children] : [];
    if (!keep || !items.length || list.offsetParent === null) { clearInterval(timer); timer = null; }
    if (!items.length || list.offsetParent === null) { pages = []; if (line) show(line, false); return; }
    // Measure with the page line in place, as it will be when there is more than one page.
    setText(line, t("live.projector.page_of", { page: 1, pages: 9 }));
    show(line, true);
    for (const item of items) item.hidden = false;
    const height = list.clientHeight;
    pages = [];
    let start = null;
    for (const item of items) {
      const bottom = item.offsetTop + item.offsetHeight;
      if (start === null || bottom - start > height) {
        pages.push([]);
        start = item.offsetTop;
      }
      pages[pages.length - 1].push(item);
    }
    page = keep && page < pages.length ? page : 0;
    showPage();
    if (pages.length < 2) { clearInterval(timer); timer = null; }
    else if (!timer) timer = setInterval(() => { page = (page + 1) % pages.length; showPage(); }, PAGE_SECONDS * 1000);
  }

  /** Pages again when the screen changes size (a projector plugged in, a window moved). */
  function start() {
    let pending = false;
    window.addEventListener("resize", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; paginate(); });
    });
  }

  return { paginate, start };
}
