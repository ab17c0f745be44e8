// A document with what the index knows of it, and two documents side by
// side with the text they share marked.

import {
  DATE_ORIGIN, api, compareHref, dateKnowledge, dateNode, documentHref, el, languageName, originalLink, plural,
  storyHref,
} from "./dom.js";

export async function documentView(id, params, { backHref }) {
  const d = await api("/api/documents/" + encodeURIComponent(id));
  const canonical = d.group ? d.group.canonical : null;
  const fact = (term, ...detail) => [el("dt", {}, term), el("dd", {}, ...detail)];
  const nodes = [
    el("p", { class: "back" }, el("a", { href: backHref }, "← Stories")),
    el("h1", { tabindex: "-1" }, d.title || d.id),
    el("dl", { class: "facts" },
      fact("Outlet", d.source || "unknown", d.original_source ? ` (crediting ${d.original_source})` : ""),
      fact("Published", dateNode(d.published, d.published_precision),
        d.published ? el("span", { class: "muted" }, ` (${dateKnowledge(d.published_precision)})`) : ""),
      d.updated ? fact("Updated", dateNode(d.updated, null, "Updated")) : null,
      d.author ? fact("Author", d.author) : null,
      fact("Language", languageName(d.language)),
      fact("Length", plural(d.words, "word")),
      fact("Original", originalLink(d.url, d.url) || "no URL recorded"),
      fact("Story", d.story ? el("a", { href: storyHref(d.story), id: "story-link" }, d.story_title || d.story) : "in no story"),
      fact("Document id", el("code", {}, d.id))),
    el("p", { class: "note" }, DATE_ORIGIN),
    el("h2", { id: "copies" }, `Copies (${d.copies.length})`),
    d.copies.length
      ? el("ul", { class: "copies", "aria-labelledby": "copies" }, d.copies.map((c) =>
        el("li", {},
          el("a", { href: documentHref(c.id) }, c.title || c.id),
          " — ", c.source || "outlet unknown", " · ", dateNode(c.published, c.published_precision),
          c.id === canonical ? " · canonical copy" : "", " · ",
          el("a", { class: "compare-link", href: compareHref(d.id, c.id) }, "compare side by side"))))
      : el("p", { class: "empty", id: "no-copies" }, "No other copy of this article is indexed."),
    d.id === canonical ? el("p", { class: "muted" }, "This is the canonical copy of its group.") : null,
    el("h2", {}, "Text"),
    el("article", { class: "text" }, d.text),
  ];
  return { title: d.title || d.id, nodes };
}

export async function compareView(a, b, { backHref }) {
  const c = await api("/api/compare", { a, b });
  const spans = { a: [], b: [] };
  for (const s of c.shared) {
    spans.a.push([s.a_start, s.a_end, s.kind]);
    spans.b.push([s.b_start, s.b_end, s.kind]);
  }
  const count = (kind) => c.shared.filter((s) => s.kind === kind).length;
  const number = (x) => (typeof x === "number" ? x.toFixed(2) : "?");
  const link = c.link
    ? `${c.link.rule} copy · Jaccard ${number(c.link.jaccard)} · containment ${number(c.link.containment)}`
    : c.canonical
      ? "Copies in one group, not linked directly: each is linked to the group through other copies."
      : "These two are not copies of each other.";
  const title = c.canonical ? "Two copies side by side" : "Two articles side by side";
  const nodes = [
    el("p", { class: "back" }, el("a", { href: backHref }, "← Stories")),
    el("h1", { tabindex: "-1" }, title),
    el("p", { class: "scores" }, link),
    el("p", { class: "legend" }, c.shared.length ? "Marked: " : "They share no passage of eight words or more, and no sentence.",
      count("passage") ? el("mark", { class: "passage" }, plural(count("passage"), "longest shared passage")) : null,
      count("passage") && count("sentence") ? " and " : null,
      count("sentence") ? el("mark", { class: "sentence" }, plural(count("sentence"), "identical sentence")) : null,
      count("sentence") && count("passage") ? " outside them" : null),
    el("div", { class: "compare" }, side(c.a, spans.a, c.canonical), side(c.b, spans.b, c.canonical)),
  ];
  return { title, nodes };
}

function side(doc, spans, canonical) {
  return el("section", { class: "side", "aria-label": doc.title || doc.id },
    el("h2", {}, el("a", { href: documentHref(doc.id) }, doc.title || doc.id)),
    el("p", { class: "meta" }, doc.source || "outlet unknown", " · ", dateNode(doc.published, doc.published_precision),
      doc.id === canonical ? " · canonical copy" : "", doc.url ? [" · ", originalLink(doc.url)] : ""),
    el("p", { class: "doc-id" }, el("code", {}, doc.id)),
    marked(doc.text, spans));
}

// The text with character spans (Unicode scalar values, as the index
// counts them) marked; overlapping spans are merged into the first.
function marked(text, spans) {
  const chars = Array.from(text);
  const merged = [];
  for (const [start, end, kind] of [...spans].sort((x, y) => x[0] - y[0] || y[1] - x[1])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end, kind]);
  }
  const out = el("article", { class: "text" });
  let at = 0;
  for (const [start, end, kind] of merged) {
    out.append(chars.slice(at, start).join(""), el("mark", { class: kind }, chars.slice(start, end).join("")));
    at = end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}
