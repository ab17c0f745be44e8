// storyline's page: the router. Every view lives in the address after
// "#" (#/?filters, #/story/ID?since=DATE, #/document/ID, #/compare/A/B),
// so Back works and any view can be linked; each view module builds its
// nodes from the API and this file shows them.

import { el } from "./dom.js";
import { compareView, documentView } from "./document.js";
import { listView } from "./list.js";
import { storyView } from "./story.js";

const view = document.getElementById("view");
const status = document.getElementById("status");

// The element to focus once the next view is shown (the control that
// changed it), else its heading.
let focusAfter = null;
let firstView = true;
// Views completed so far: a script that changes the view waits for the
// next number (data-serial), then reads it (data-ready names it).
let serial = 0;
// The list last shown, for the "← Stories" links.
let backHref = "#/";

// Goes to `href`; `focusId` keeps the keyboard where it was.
function go(href, focusId) {
  focusAfter = focusId || null;
  if (location.hash === href) route();
  else location.hash = href;
}

function parse() {
  const raw = location.hash.replace(/^#\/?/, "");
  const cut = raw.indexOf("?");
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
  const [head, ...rest] = path.split("/");
  let args;
  try {
    args = rest.map(decodeURIComponent);
  } catch {
    args = [];
  }
  return { head, args, params };
}

async function route() {
  const { head, args, params } = parse();
  const context = { go, backHref };
  let name = head;
  let work;
  if (head === "story" && args[0]) work = storyView(args[0], params, context);
  else if (head === "compare" && args.length === 2) work = compareView(args[0], args[1], context);
  else if (head === "document" && args[0]) work = documentView(args[0], params, context);
  else {
    name = "list";
    backHref = location.hash || "#/";
    work = listView(params, context);
  }
  view.removeAttribute("data-ready");
  view.setAttribute("aria-busy", "true");
  try {
    const { title, nodes } = await work;
    show(title, nodes);
    view.setAttribute("data-ready", name);
  } catch (err) {
    show("Error", [
      el("h1", { tabindex: "-1" }, "Something went wrong"),
      el("p", { class: "error", role: "alert" }, String(err.message || err)),
      el("p", {}, el("a", { href: "#/" }, "Back to the stories")),
    ]);
    view.setAttribute("data-ready", "error");
  } finally {
    view.removeAttribute("aria-busy");
    view.dataset.serial = String(++serial);
  }
}

function show(title, nodes) {
  const keep = focusAfter;
  focusAfter = null;
  document.title = `${title} · storyline`;
  view.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  status.textContent = title;
  const target = (keep && document.getElementById(keep)) || (!firstView && view.querySelector("h1"));
  if (!keep) window.scrollTo(0, 0);
  if (target) target.focus({ preventScroll: !keep });
  firstView = false;
}

document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = document.getElementById("q").value.trim();
  const { head, params } = parse();
  // A new search keeps the list's filters, and starts on its first page.
  const current = head === "" ? Object.fromEntries(params) : {};
  const next = new URLSearchParams({ ...current, q });
  next.delete("page");
  next.delete("articles_page");
  if (!q) next.delete("q");
  if (!q) next.delete("sort");
  const query = next.toString();
  go("#/" + (query ? "?" + query : ""));
});
// The skip link moves the keyboard to the view without touching the
// address, which belongs to the router.
document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  (view.querySelector("h1") || view).focus();
});
window.addEventListener("hashchange", route);
route();
