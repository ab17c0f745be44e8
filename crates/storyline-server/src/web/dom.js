// What every view uses: building elements (everything from the index is
// inserted as text, never as markup), calling the API, and showing dates,
// languages and counts the same way everywhere.

const SVG = "http://www.w3.org/2000/svg";

// An element with attributes (null and undefined ones left out) and
// children (nodes, text, or nested arrays of them; null, undefined and
// false left out, so a condition can stand in the list).
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  return append(node, children);
}

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return append(node, children);
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// An answer of the API; its `{"error": …}` becomes the thrown message.
export async function api(path, params) {
  const query = params ? "?" + queryString(params) : "";
  const res = await fetch(path + query, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// A query string of the parameters that have a value.
export function queryString(params) {
  const kept = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return new URLSearchParams(kept).toString();
}

export const storyHref = (id, params) => "#/story/" + encodeURIComponent(id) + (params && queryString(params) ? "?" + queryString(params) : "");
export const documentHref = (id) => "#/document/" + encodeURIComponent(id);
export const compareHref = (a, b) => `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;

export const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many || one + "s"}`;

// A link to an article where it was published: a new tab, without giving
// that page a handle on this one.
export function originalLink(url, text) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", class: "original" }, text || "original ↗");
}

const PRECISION = {
  year: "only the year is known",
  month: "the year and month are known",
  day: "known to the day",
};

export const DATE_ORIGIN = "The index does not record where a date came from (page metadata, byline or text); " +
  "check the original if it matters.";

// How much of a date is known, in words.
export const dateKnowledge = (precision) => PRECISION[precision] || "precision not recorded";

// A stored date as far as it is known: "2016", "2016-03" or "2016-03-01".
export function dateText(date, precision) {
  if (!date) return "undated";
  if (precision === "year") return date.slice(0, 4);
  if (precision === "month") return date.slice(0, 7);
  return date;
}

// A date with what the index knows of it on hover: its precision, and
// that where it came from is not recorded (the document page says so in
// words, for those who cannot hover).
export function dateNode(date, precision, what) {
  if (!date) return el("span", { class: "date undated", title: "No date was found for this article." }, "undated");
  const title = `${what || "Published"} ${date}: ${dateKnowledge(precision)}. ${DATE_ORIGIN}`;
  return el("time", { class: "date", datetime: dateText(date, precision), title }, dateText(date, precision));
}

// A span of dates: "2016-03-01 – 2016-04-28", or one date.
export function dateSpan(first, last) {
  if (!first && !last) return "undated";
  if (!last || first === last) return first || last;
  return `${first} – ${last}`;
}

const languageNames = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" });
  } catch {
    return null;
  }
})();

// A language code (ISO 639-3, as stored) with its English name.
export function languageName(code) {
  if (!code) return "unknown";
  try {
    const name = languageNames && languageNames.of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

// The label's names and key terms, as chips.
export function chips(label) {
  const words = [...new Set([...(label.names || []), ...(label.key_terms || [])])].slice(0, 10);
  if (!words.length) return null;
  return el("ul", { class: "chips", "aria-label": "Key names and terms" }, words.map((w) => el("li", {}, w)));
}

// A search snippet: matches come wrapped in U+0002 … U+0003.
export function snippet(text) {
  const out = el("span", { class: "snippet" });
  text.split("\u0002").forEach((part, i) => {
    if (i === 0) return out.append(part);
    const [hit, rest] = part.split("\u0003");
    out.append(el("mark", {}, hit), rest || "");
  });
  return out;
}

// Previous / next links for a page of `page.items` out of `page.total`,
// `href(offset)` the link to the page at an offset.
export function pager(page, limit, href, label) {
  const { total, offset } = page;
  if (total <= limit && offset === 0) return null;
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.floor(offset / limit) + 1;
  const step = (to, text, rel) => to === null
    ? el("span", { class: "pager-step", "aria-disabled": "true" }, text)
    : el("a", { class: "pager-step", href: href(to), rel }, text);
  return el("nav", { class: "pager", "aria-label": label },
    step(offset > 0 ? Math.max(0, offset - limit) : null, "← Previous", "prev"),
    el("span", { class: "pager-place", "aria-current": "page" }, `Page ${current} of ${pages}`),
    step(offset + limit < total ? offset + limit : null, "Next →", "next"));
}
