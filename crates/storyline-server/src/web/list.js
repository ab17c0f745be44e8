// The story list: filters (outlet, language, dates, size), an order, a
// page at a time; with a search, the articles that match too. Everything
// the list shows is in the address (#/?q=…&source=…&page=…), so Back
// returns to it and a view can be linked.

import {
  DATE_ORIGIN, api, chips, dateKnowledge, dateNode, dateSpan, dateText, documentHref, el, languageName, pager, plural,
  queryString, snippet, storyHref,
} from "./dom.js";

// The page hides single-article stories unless asked (the API's own
// default is to show them).
export const DEFAULT_MIN_DOCS = 2;
const DEFAULT_PER_PAGE = 20;
const PER_PAGE_CHOICES = [10, 20, 50, 100];
const SIZE_CHOICES = [5, 10, 25];
const ORDERS = [
  ["latest", "Latest"],
  ["size", "Biggest"],
  ["active", "Most active (last 14 days)"],
];

// Whether the filters are unfolded: at first on a wide screen only (on a
// phone they would fill it), then as the reader left them.
let filtersOpen = window.matchMedia("(min-width: 700px)").matches;

// The outlets and languages for the menus: asked once per page load.
let facetsOnce = null;
const facets = () => (facetsOnce ||= api("/api/facets", { limit: 200 }).catch(() => ({ sources: [], languages: [] })));

// The list's settings from the address, with the page's defaults.
function settingsOf(params) {
  const number = (name, fallback, max) => {
    const n = Number.parseInt(params.get(name) || "", 10);
    return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : fallback;
  };
  return {
    q: params.get("q") || "",
    source: params.get("source") || "",
    language: params.get("language") || "",
    from: params.get("from") || "",
    to: params.get("to") || "",
    minDocs: number("min_docs", DEFAULT_MIN_DOCS, 1e9),
    sort: params.get("sort") || "",
    page: number("page", 1, 1e9),
    per: number("per", DEFAULT_PER_PAGE, 100),
    articlesPage: number("articles_page", 1, 1e9),
  };
}

// The address of the list with these settings (defaults left out).
export function listHref(s) {
  const query = queryString({
    q: s.q, source: s.source, language: s.language, from: s.from, to: s.to,
    min_docs: s.minDocs === DEFAULT_MIN_DOCS ? "" : s.minDocs,
    sort: s.sort,
    per: s.per === DEFAULT_PER_PAGE ? "" : s.per,
    page: s.page > 1 ? s.page : "",
    articles_page: s.articlesPage > 1 ? s.articlesPage : "",
  });
  return "#/" + (query ? "?" + query : "");
}

export async function listView(params, { go }) {
  const s = settingsOf(params);
  document.getElementById("q").value = s.q;
  const offset = (s.page - 1) * s.per;
  const [page, known, hits] = await Promise.all([
    api("/api/stories", {
      q: s.q, source: s.source, language: s.language, from: s.from, to: s.to,
      min_docs: s.minDocs, sort: s.sort, limit: s.per, offset,
    }),
    facets(),
    s.q ? api("/api/search", { q: s.q, limit: s.per, offset: (s.articlesPage - 1) * s.per }) : null,
  ]);
  const change = (update, focusId) => go(listHref({ ...s, page: 1, articlesPage: 1, ...update }), focusId);
  const heading = s.q ? `Stories matching “${s.q}”` : "Stories";
  const shown = page.items.length
    ? `Showing ${offset + 1}–${offset + page.items.length} of ${plural(page.total, "story", "stories")}`
    : `No stories match${page.total ? " on this page" : ""}.`;
  const nodes = [
    el("h1", { tabindex: "-1" }, heading),
    el("details", { class: "filter-panel", open: filtersOpen,
      ontoggle: (e) => { filtersOpen = e.target.open; } },
    el("summary", {}, "Filters and order"),
    filterForm(s, known, change)),
    el("p", { class: "summary", id: "stories-summary" }, shown, filtersInWords(s)),
    page.items.length
      ? el("ol", { class: "cards", "aria-labelledby": "stories-summary", start: offset + 1 },
        page.items.map((story) => storyCard(story, known)))
      : emptyState(s, change),
    pager(page, s.per, (at) => listHref({ ...s, page: at / s.per + 1 }), "Pages of stories"),
  ];
  if (hits) nodes.push(...articleHits(s, hits));
  return { title: heading, nodes };
}

// The filters in force, as the summary says them.
function filtersInWords(s) {
  const parts = [
    s.source && `outlet “${s.source}”`,
    s.language && languageName(s.language),
    s.from && s.to ? `${s.from} to ${s.to}` : s.from ? `from ${s.from}` : s.to && `until ${s.to}`,
    s.minDocs > 2 ? `${s.minDocs} or more documents` : s.minDocs === 2 && "single-article stories hidden",
  ].filter(Boolean);
  return parts.length ? " · " + parts.join(" · ") : "";
}

function emptyState(s, change) {
  const hints = [];
  if (s.minDocs >= 2) {
    hints.push(el("button", { type: "button", class: "link", onclick: () => change({ minDocs: 1 }) },
      "Show single-article stories too"));
  }
  if (s.source || s.language || s.from || s.to) {
    hints.push(el("button", { type: "button", class: "link", onclick: () => change({ source: "", language: "", from: "", to: "", minDocs: 1 }) },
      "Clear the filters"));
  }
  return el("div", { class: "empty" }, el("p", {}, "No story matches these filters."), hints);
}

function storyCard(story, known) {
  const more = story.source_count - story.sources.length;
  const sources = story.sources.length
    ? [story.sources.join(", "), more > 0 ? ` and ${more} more` : ""]
    : "outlet unknown";
  return el("li", { class: "card" },
    el("h2", { class: "card-title" }, el("a", { class: "card-link", href: storyHref(story.id) }, story.title || story.id)),
    el("p", { class: "meta" },
      plural(story.documents, "document"), " · ",
      el("span", { class: "nowrap", title: spanTitle(story) },
        dateSpan(dateText(story.first_date, story.first_date_precision), dateText(story.last_date, story.last_date_precision))),
      story.languages.length ? " · " + story.languages.map(languageName).join(", ") : ""),
    el("p", { class: "sources" }, el("span", { class: "label" }, plural(story.source_count, "outlet"), ": "), sources),
    story.recent_documents !== undefined
      ? el("p", { class: "recent" }, `${plural(story.recent_documents, "document")} in the ${known.active_window_days || 14} days up to ${known.last_date || "the newest date"}`)
      : null,
    chips(story.label));
}

// What a card's dates are: its first and latest articles' dates, as
// extracted, with how much of each is known.
function spanTitle(story) {
  if (!story.first_date) return "No article of this story has a date.";
  return `First article ${story.first_date} (${dateKnowledge(story.first_date_precision)}), latest ` +
    `${story.last_date} (${dateKnowledge(story.last_date_precision)}). ${DATE_ORIGIN}`;
}

function filterForm(s, known, change) {
  const field = (label, control, wide) => el("label", { class: "field" + (wide ? " wide" : "") }, el("span", {}, label), control);
  const sourceList = el("datalist", { id: "f-source-list" },
    (known.sources || []).map((f) => el("option", { value: f.value }, `${f.value} (${plural(f.stories, "story", "stories")})`)));
  const language = el("select", { id: "f-language", onchange: (e) => change({ language: e.target.value }, "f-language") },
    el("option", { value: "" }, "Any language"),
    (known.languages || []).map((f) => el("option", { value: f.value, selected: f.value === s.language },
      `${languageName(f.value)} (${f.documents.toLocaleString("en")})`)));
  if (s.language && !(known.languages || []).some((f) => f.value === s.language)) {
    language.append(el("option", { value: s.language, selected: true }, languageName(s.language)));
  }
  const atLeast = el("select", { id: "f-size", onchange: (e) => change({ minDocs: Number(e.target.value) || (single.checked ? 2 : 1) }, "f-size") },
    el("option", { value: "" }, "Any size"),
    [...new Set([...SIZE_CHOICES, ...(s.minDocs > 2 ? [s.minDocs] : [])])].sort((a, b) => a - b)
      .map((n) => el("option", { value: n, selected: n === s.minDocs }, `${n} or more documents`)));
  const single = el("input", { type: "checkbox", id: "f-single", checked: s.minDocs >= 2,
    onchange: (e) => change({ minDocs: e.target.checked ? Math.max(2, s.minDocs) : 1 }, "f-single") });
  const orders = s.q ? [["relevance", "Best match"], ...ORDERS] : ORDERS;
  const sort = el("select", { id: "f-sort", onchange: (e) => change({ sort: e.target.value }, "f-sort") },
    orders.map(([value, text], i) => el("option", { value: i === 0 ? "" : value, selected: (s.sort || orders[0][0]) === value }, text)));
  const per = el("select", { id: "f-per", onchange: (e) => change({ per: Number(e.target.value) }, "f-per") },
    [...new Set([...PER_PAGE_CHOICES, s.per])].sort((a, b) => a - b)
      .map((n) => el("option", { value: n, selected: n === s.per }, `${n} per page`)));
  const date = (id, name, value) => el("input", { type: "date", id, value,
    min: known.first_date || undefined, max: known.last_date || undefined,
    onchange: (e) => change({ [name]: e.target.value }, id) });
  return el("form", { class: "filters", id: "filters", "aria-label": "Filter and sort stories", onsubmit: (e) => e.preventDefault() },
    field("Outlet", [el("input", { id: "f-source", list: "f-source-list", value: s.source, placeholder: "any outlet",
      autocomplete: "off", spellcheck: "false",
      onchange: (e) => change({ source: e.target.value.trim() }, "f-source") }), sourceList]),
    field("Language", language),
    field("From", date("f-from", "from", s.from)),
    field("To", date("f-to", "to", s.to)),
    field("Size", atLeast),
    field("Order", sort),
    field("Show", per),
    el("label", { class: "switch" }, single, el("span", {}, "Hide single-article stories")),
    el("button", { type: "button", class: "secondary", id: "f-clear",
      onclick: () => change({ source: "", language: "", from: "", to: "", minDocs: DEFAULT_MIN_DOCS, sort: "" }, "f-clear") },
    "Clear filters"));
}

function articleHits(s, hits) {
  const offset = (s.articlesPage - 1) * s.per;
  return [
    el("h2", { class: "section", id: "articles-heading" }, `Articles matching “${s.q}”`),
    el("p", { class: "summary" }, hits.items.length
      ? `Showing ${offset + 1}–${offset + hits.items.length} of ${plural(hits.total, "article")}`
      : "No article matches."),
    hits.items.length
      ? el("ol", { class: "hits", "aria-labelledby": "articles-heading", start: offset + 1 }, hits.items.map((h) =>
        el("li", { class: "hit" },
          el("h3", {}, el("a", { href: documentHref(h.id) }, h.title || h.id)),
          el("p", { class: "meta" }, h.source || "outlet unknown", " · ", dateNode(h.published),
            h.story ? [" · story: ", el("a", { href: storyHref(h.story) }, h.story_title || h.story)] : ""),
          el("p", {}, snippet(h.snippet)))))
      : null,
    pager(hits, s.per, (at) => listHref({ ...s, articlesPage: at / s.per + 1 }), "Pages of articles"),
  ];
}
