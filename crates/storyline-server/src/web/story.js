// A story: its articles on a timeline and in a list (each linked to the
// original and to its page, with its copies), what is new since a date,
// its quotes grouped by speaker, and downloads (JSON, CSV).

import {
  api, chips, compareHref, dateNode, dateSpan, dateText, documentHref, el, languageName, originalLink, plural,
  queryString, storyHref,
} from "./dom.js";
import { timelineChart } from "./timeline.js";

// Quotes of a story with at most this many are shown with every speaker's
// group open; longer lists start folded.
const OPEN_QUOTES = 12;

export async function storyView(id, params, { go, backHref }) {
  const since = params.get("since") || "";
  const onlyNew = Boolean(since) && params.get("only") === "new";
  const story = await api("/api/stories/" + encodeURIComponent(id), { since });
  const here = (update) => storyHref(id, { since, only: onlyNew ? "new" : "", ...update });
  const entries = onlyNew ? story.timeline.filter((e) => e.new) : story.timeline;
  const quotes = onlyNew ? story.quotes.filter((q) => q.new) : story.quotes;
  const dated = story.timeline.filter((e) => e.date).sort((a, b) => a.date.localeCompare(b.date));
  const [first, last] = [dated[0], dated[dated.length - 1]];
  const documents = documentIndex(story);
  const nodes = [
    el("p", { class: "back" }, el("a", { href: backHref }, "← Stories")),
    el("h1", { tabindex: "-1" }, story.title),
    el("p", { class: "meta" },
      plural(story.documents.length, "document"), " · ", plural(story.timeline.length, "article"), " · ",
      el("span", { class: "nowrap" }, dateSpan(first && dateText(first.date, first.precision), last && dateText(last.date, last.precision))),
      story.languages.length ? " · " + story.languages.map(languageName).join(", ") : ""),
    el("p", { class: "sources" }, el("span", { class: "label" }, plural(story.source_count, "outlet"), ": "),
      story.sources.length ? story.sources.join(", ") : "unknown"),
    chips(story.label),
    toolbar(id, story, since, onlyNew, here, go),
    el("div", { class: "timeline" }, timelineChart(story.timeline, chartWidth())),
    el("h2", { id: "articles" }, onlyNew ? `New articles (${entries.length} of ${story.timeline.length})` : `Articles (${entries.length})`),
    entries.length
      ? el("ol", { class: "entries", "aria-labelledby": "articles" }, entries.map((e) => entryNode(e)))
      : el("p", { class: "empty" }, onlyNew ? `No article is dated after ${since}.` : "No article."),
    quoteSection(quotes, story.quotes.length, onlyNew, documents),
  ];
  return { title: story.title, nodes };
}

// The timeline's width: the page's, within reason.
const chartWidth = () => Math.max(320, Math.min(1100, document.getElementById("view").clientWidth - 40));

// What's new since a date, and the downloads.
function toolbar(id, story, since, onlyNew, here, go) {
  const exportHref = (format) => `/api/stories/${encodeURIComponent(id)}/export?` + queryString({ format, since });
  const dateInput = el("input", { type: "date", id: "since-date", value: since, required: true });
  const sinceForm = el("form", { class: "since", onsubmit: (e) => {
    e.preventDefault();
    if (dateInput.value) go(here({ since: dateInput.value }), "since-date");
  } },
  el("label", { for: "since-date" }, "What's new since"), dateInput,
  el("button", { type: "submit" }, "Show"),
  since ? el("a", { href: storyHref(id), class: "clear" }, "Clear") : null);
  const marked = story.since
    ? el("p", { class: "since-summary", role: "status" },
      `Since ${story.since.date}: ${story.since.entries} of ${plural(story.timeline.length, "article")} and ` +
      `${story.since.quotes} of ${plural(story.quotes.length, "quote")} are new. `,
      el("label", { class: "switch" },
        el("input", { type: "checkbox", id: "only-new", checked: onlyNew,
          onchange: (e) => go(here({ only: e.target.checked ? "new" : "" }), "only-new") }),
        el("span", {}, "Show only what's new")))
    : null;
  return el("div", { class: "toolbar" },
    sinceForm,
    el("div", { class: "downloads" }, el("span", {}, "Download"),
      el("a", { class: "button secondary", href: exportHref("json"), download: "", id: "export-json" }, "JSON"),
      el("a", { class: "button secondary", href: exportHref("csv"), download: "", id: "export-csv" }, "CSV (timeline)")),
    marked);
}

// Each document of the story by id: its headline, outlet and date.
function documentIndex(story) {
  const known = new Map();
  for (const e of story.timeline) {
    known.set(e.document, { id: e.document, title: e.title, source: e.source, published: e.date, published_precision: e.precision });
    for (const c of e.copy_documents || []) known.set(c.id, c);
  }
  return known;
}

function entryNode(e) {
  const copies = e.copy_documents || [];
  return el("li", { class: "entry" + (e.new ? " new" : ""), id: "entry-" + e.document },
    el("h3", {}, dateNode(e.date, e.precision), " · ", el("a", { href: documentHref(e.document) }, e.title || e.document),
      e.new ? el("span", { class: "badge" }, "new") : null),
    el("p", { class: "meta" },
      e.sources.length ? e.sources.join(", ") : "outlet unknown",
      " · ", plural(e.copies, "copy", "copies"),
      e.language ? " · " + languageName(e.language) : "",
      e.url ? [" · ", originalLink(e.url)] : " · no URL recorded"),
    copies.length
      ? el("ul", { class: "copies", "aria-label": "Other copies" }, copies.map((c) =>
        el("li", {},
          el("a", { href: documentHref(c.id) }, c.source || c.id), " ", dateNode(c.published, c.published_precision), " · ",
          el("a", { class: "compare-link", href: compareHref(e.document, c.id) }, "compare side by side"),
          c.url ? [" · ", originalLink(c.url)] : "")))
      : null,
    e.whats_new.length
      ? el("ul", { class: "whats-new", "aria-label": "What this article adds" }, e.whats_new.map((s) => el("li", {}, s)))
      : null);
}

// Quotes by speaker (as stored), the most quoted first, unattributed last;
// each group folds.
function quoteSection(quotes, all, onlyNew, documents) {
  const groups = new Map();
  for (const q of quotes) {
    const speaker = q.speaker || "";
    if (!groups.has(speaker)) groups.set(speaker, []);
    groups.get(speaker).push(q);
  }
  const ordered = [...groups].sort(([a, qa], [b, qb]) =>
    (a === "") - (b === "") || qb.length - qa.length || a.localeCompare(b));
  const open = quotes.length <= OPEN_QUOTES;
  const setAll = (state) => document.querySelectorAll("details.speaker").forEach((d) => { d.open = state; });
  const heading = onlyNew ? `New quotes (${quotes.length} of ${all})` : `Quotes (${quotes.length})`;
  return el("section", { class: "quotes", "aria-labelledby": "quotes-heading" },
    el("h2", { id: "quotes-heading" }, heading,
      ordered.length ? el("span", { class: "muted" }, ` by ${plural(ordered.filter(([s]) => s).length, "speaker")}`) : ""),
    ordered.length > 1
      ? el("p", { class: "fold" },
        el("button", { type: "button", class: "secondary", onclick: () => setAll(true) }, "Expand all"), " ",
        el("button", { type: "button", class: "secondary", onclick: () => setAll(false) }, "Collapse all"))
      : null,
    ordered.length
      ? ordered.map(([speaker, said]) => el("details", { class: "speaker", open },
        el("summary", {}, el("span", { class: "speaker-name" }, speaker || "Unattributed"), " ",
          el("span", { class: "count" }, plural(said.length, "quote"))),
        said.map((q) => quoteNode(q, documents))))
      : el("p", { class: "empty" }, onlyNew ? "No new quote." : "No quote was attributed in this story."));
}

function quoteNode(q, documents) {
  const doc = documents.get(q.document) || { id: q.document };
  return el("blockquote", { class: q.new ? "new" : null },
    el("p", {}, `“${q.text}”`),
    el("footer", {}, el("a", { href: documentHref(doc.id) }, doc.source || doc.title || doc.id),
      " · ", dateNode(q.date, q.date ? doc.published_precision : null),
      q.new ? el("span", { class: "badge" }, "new") : null));
}
