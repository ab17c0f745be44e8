// storyline's page: a story list with search, a story with its timeline on a
// date axis, and two copies side by side with their shared passages marked.
// Everything from the index is inserted as text, never as markup.
"use strict";

const view = document.getElementById("view");
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function show(...nodes) {
  view.replaceChildren(...nodes);
}

function fail(err) {
  show(el("p", { class: "error" }, String(err.message || err)));
}

const docLink = (id, text) => el("a", { href: "#/document/" + encodeURIComponent(id) }, text || id);

function chips(label) {
  const words = [...(label.names || []), ...(label.key_terms || [])];
  return el("div", { class: "chips" }, words.map((w) => el("span", {}, w)));
}

// Snippets mark matches with U+0002 … U+0003; the text around is plain.
function snippet(text) {
  const out = el("span", {});
  text.split("\u0002").forEach((part, i) => {
    if (i === 0) return out.append(part);
    const [hit, rest] = part.split("\u0003");
    out.append(el("mark", {}, hit), rest || "");
  });
  return out;
}

async function listView(q) {
  document.getElementById("q").value = q || "";
  const params = new URLSearchParams({ limit: "50" });
  if (q) params.set("q", q);
  const page = await api("/api/stories?" + params);
  const heading = q ? `Stories matching “${q}”` : "Latest stories";
  const items = page.items.map((s) =>
    el("li", { class: "story" },
      el("a", { href: "#/story/" + encodeURIComponent(s.id) }, s.title || s.id),
      el("div", { class: "muted" },
        `${s.documents} document${s.documents === 1 ? "" : "s"}`,
        s.first_date ? ` · ${s.first_date}${s.last_date && s.last_date !== s.first_date ? " – " + s.last_date : ""}` : " · undated"),
      chips(s.label)));
  const nodes = [el("h1", {}, heading), el("p", { class: "muted" }, `${page.total} ${page.total === 1 ? "story" : "stories"}`), el("ul", { class: "stories" }, items)];
  if (q) {
    const hits = await api("/api/search?" + new URLSearchParams({ q, limit: "20" }));
    nodes.push(el("h2", {}, `Documents (${hits.total})`),
      el("ul", { class: "stories" }, hits.items.map((h) =>
        el("li", { class: "hit" }, docLink(h.id, h.title || h.id), " ",
          h.story ? el("a", { href: "#/story/" + encodeURIComponent(h.story) }, `story ${h.story}`) : "",
          el("div", { class: "muted" }, snippet(h.snippet))))));
  }
  show(...nodes);
}

const DAY = 86400000;

function timelineChart(story) {
  const entries = story.timeline;
  const dated = entries.filter((e) => e.date);
  const undated = entries.filter((e) => !e.date);
  const width = 900, height = 170, left = 40, right = undated.length ? 130 : 30, base = 130;
  const times = dated.map((e) => Date.parse(e.date));
  let lo = Math.min(...times), hi = Math.max(...times);
  if (!dated.length) { lo = 0; hi = 1; }
  if (hi - lo < DAY) { lo -= DAY; hi += DAY; }
  const x = (t) => left + ((t - lo) / (hi - lo)) * (width - left - right);
  const chart = svg("svg", { id: "timeline", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Timeline of ${entries.length} articles` });
  chart.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: base, y2: base }));
  if (dated.length) {
    // Whole days when the story spans a week or less, else six even steps.
    const days = Math.round((hi - lo) / DAY);
    const steps = days <= 6 ? days : 5;
    for (let i = 0; i <= steps; i++) {
      const t = lo + ((hi - lo) * i) / steps;
      const g = svg("g", { class: "tick" });
      g.append(svg("line", { class: "axis", x1: x(t), x2: x(t), y1: base, y2: base + 5 }),
        svg("text", { x: x(t), y: base + 20, "text-anchor": "middle" }, new Date(t).toISOString().slice(0, 10)));
      chart.append(g);
    }
  }
  const place = (entry, cx, n) => {
    const g = svg("g", { class: "point", "data-document": entry.document });
    g.append(svg("title", {}, `${entry.date || "undated"} · ${entry.title || entry.document} · ${entry.copies} cop${entry.copies === 1 ? "y" : "ies"}`));
    // One dot for the article, a smaller one above it for each further copy.
    g.append(svg("circle", { class: "article", cx, cy: base - 10 - n * 4, r: 7 }));
    for (let c = 1; c < entry.copies; c++) {
      g.append(svg("circle", { class: "copy", cx, cy: base - 10 - n * 4 - 12 * c, r: 4 }));
    }
    g.addEventListener("click", () => document.getElementById("entry-" + entry.document)?.scrollIntoView({ behavior: "smooth" }));
    chart.append(g);
  };
  const seen = new Map();
  dated.forEach((e) => {
    const key = e.date;
    const n = seen.get(key) || 0;
    seen.set(key, n + 1);
    place(e, x(Date.parse(e.date)), n);
  });
  undated.forEach((e, i) => place(e, width - right + 40 + (i % 4) * 18, Math.floor(i / 4)));
  if (undated.length) {
    const g = svg("g", { class: "tick" });
    g.append(svg("text", { x: width - right + 60, y: base + 20, "text-anchor": "middle" }, "undated"));
    chart.append(g);
  }
  return chart;
}

async function storyView(id) {
  const story = await api("/api/stories/" + encodeURIComponent(id));
  const copies = story.copies || {};
  const entries = story.timeline.map((e) => {
    const others = (copies[e.document] || []).filter((d) => d !== e.document);
    return el("section", { class: "entry", id: "entry-" + e.document },
      el("h3", {}, e.date || "undated", " · ", docLink(e.document, e.title || e.document)),
      el("div", { class: "muted" }, (e.sources.length ? e.sources.join("; ") : "source unknown"),
        ` · ${e.copies} cop${e.copies === 1 ? "y" : "ies"}`),
      others.length ? el("div", {}, "Copies: ", others.map((d) => [el("a", {
        class: "compare-link", href: `#/compare/${encodeURIComponent(e.document)}/${encodeURIComponent(d)}` }, d), " "])) : null,
      e.whats_new.length ? el("ul", { class: "whats-new" }, e.whats_new.map((s) => el("li", {}, s))) : null);
  });
  const quotes = story.quotes.map((q) => el("blockquote", {}, `“${q.text}”`,
    el("div", { class: "muted" }, "— ", q.speaker || "unattributed", " · ", docLink(q.document))));
  show(el("h1", {}, story.title),
    chips(story.label),
    el("div", { class: "timeline" }, timelineChart(story)),
    el("h2", {}, "Timeline and what's new"), ...entries,
    el("h2", {}, `Quotes (${story.quotes.length})`), el("div", { class: "quotes" }, quotes));
}

// Marks character spans (Unicode code points, as the index counts them).
function marked(text, spans) {
  const chars = Array.from(text);
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out = el("article", {});
  let at = 0;
  for (const [start, end] of sorted) {
    if (start < at) continue;
    out.append(chars.slice(at, start).join(""), el("mark", {}, chars.slice(start, end).join("")));
    at = end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

async function compareView(a, b) {
  const [da, db] = await Promise.all([api("/api/documents/" + encodeURIComponent(a)), api("/api/documents/" + encodeURIComponent(b))]);
  const pairs = (da.group && da.group.evidence.pairs) || [];
  const pair = pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  const flip = pair && pair.a !== a;
  const passages = pair ? pair.shared_passages : [];
  const spansA = passages.map((p) => (flip ? [p.b_start, p.b_end] : [p.a_start, p.a_end]));
  const spansB = passages.map((p) => (flip ? [p.a_start, p.a_end] : [p.b_start, p.b_end]));
  const scores = pair
    ? `${pair.rule} copy · Jaccard ${pair.jaccard} · containment ${pair.containment} · longest shared passages marked: ${passages.length}`
    : "These two are in one group but not linked directly (each is linked to the canonical copy).";
  show(el("h1", {}, "Two copies side by side"),
    el("p", { class: "scores" }, scores),
    el("div", { class: "compare" },
      el("div", {}, el("h3", {}, docLink(a), da.group && da.group.canonical === a ? " (canonical)" : ""), marked(da.text, spansA)),
      el("div", {}, el("h3", {}, docLink(b), db.group && db.group.canonical === b ? " (canonical)" : ""), marked(db.text, spansB))));
}

async function documentView(id) {
  const d = await api("/api/documents/" + encodeURIComponent(id));
  const meta = [d.published && `published ${d.published}`, d.source, d.author && `by ${d.author}`, d.url, d.language, `${d.words} words`].filter(Boolean).join(" · ");
  const copies = d.group ? d.group.evidence.members.filter((m) => m !== id) : [];
  show(el("h1", {}, d.title || d.id),
    el("p", { class: "muted" }, meta),
    d.story ? el("p", {}, "Story: ", el("a", { href: "#/story/" + encodeURIComponent(d.story) }, d.story)) : null,
    copies.length ? el("p", {}, "Copies: ", copies.map((c) => [el("a", { class: "compare-link", href: `#/compare/${encodeURIComponent(id)}/${encodeURIComponent(c)}` }, c), " "])) : null,
    el("article", { class: "entry plain" }, d.text));
}

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [head, ...rest] = hash.split("/");
  const args = rest.map(decodeURIComponent);
  let work, name = head;
  if (head === "story" && args[0]) work = storyView(args[0]);
  else if (head === "compare" && args.length === 2) work = compareView(args[0], args[1]);
  else if (head === "document" && args[0]) work = documentView(args[0]);
  else {
    name = "list";
    work = listView(new URLSearchParams(head.replace(/^\?/, "")).get("q") || "");
  }
  // Tests and scripts wait for this mark: the view is complete.
  work.then(() => view.setAttribute("data-ready", name)).catch(fail);
}

document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = document.getElementById("q").value.trim();
  location.hash = q ? "#/?" + new URLSearchParams({ q }) : "#/";
});
window.addEventListener("hashchange", () => { view.removeAttribute("data-ready"); route(); });
route();
