/* The approved reflections on the projector, a page at a time: as many as fit the space beside the
   card at this screen's size, the next page every 20 seconds, "Page 1 of 3" below. Calm: no
   animation, the server's (shuffled) order, and new texts or a new screen size start at page 1. */

import { byId, setText, show } from "../../core/dom.js";
import { t } from "../../core/text.js";

const PAGE_SECONDS = 20;

let pages = [];
let page = 0;
let timer = null;

/** Splits the list's items into pages that each fit the list's height, then shows the first. */
export function paginate() {
  const list = byId("reflections-list");
  const line = byId("reflections-page");
  const items = [...list.children];
  clearInterval(timer);
  timer = null;
  if (!items.length || list.offsetParent === null) { pages = []; show(line, false); return; }
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
  page = 0;
  showPage();
  if (pages.length > 1) timer = setInterval(() => { page = (page + 1) % pages.length; showPage(); }, PAGE_SECONDS * 1000);
}

function showPage() {
  pages.forEach((items, number) => { for (const item of items) item.hidden = number !== page; });
  const line = byId("reflections-page");
  show(line, pages.length > 1);
  setText(line, pages.length > 1 ? t("live.projector.page_of", { page: page + 1, pages: pages.length }) : "");
}

/** Pages again when the screen changes size (a projector plugged in, a window moved). */
export function start() {
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; paginate(); });
  });
}
