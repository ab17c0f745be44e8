// A story's articles on a date axis: a dot per article, a smaller dot
// above it for each further copy, undated articles apart on the right.
// The list of articles below the chart says the same in words.

import { svg } from "./dom.js";

const DAY = 86400000;

// `width` is the chart's width on screen, in pixels, so that its labels
// keep their size on a phone.
export function timelineChart(entries, width) {
  const dated = entries.filter((e) => e.date);
  const undated = entries.filter((e) => !e.date);
  const left = 40, right = undated.length ? 130 : 40;
  // Articles of one day stack upwards, each with its copies above it.
  const ARTICLE = 18, COPY = 12;
  const heights = new Map();
  for (const e of dated) heights.set(e.date, (heights.get(e.date) || 0) + ARTICLE + COPY * (e.copies - 1));
  const stack = Math.max(ARTICLE * 4, ...heights.values(), Math.ceil(undated.length / 4) * ARTICLE);
  const base = stack + 30, height = base + 40;
  const times = dated.map((e) => Date.parse(e.date));
  let lo = Math.min(...times), hi = Math.max(...times);
  if (!dated.length) { lo = 0; hi = 1; }
  if (hi - lo < DAY) { lo -= DAY; hi += DAY; }
  const x = (t) => left + ((t - lo) / (hi - lo)) * (width - left - right);
  const chart = svg("svg", { id: "timeline", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `Timeline of ${entries.length} articles${dated.length ? ` from ${dated[0].date} to ${dated[dated.length - 1].date}` : ""}` });
  chart.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: base, y2: base }));
  if (dated.length) {
    // Whole days when the story spans a few days, else even steps, fewer
    // on a narrow screen.
    const days = Math.round((hi - lo) / DAY);
    const most = width < 600 ? 3 : 5;
    const steps = days <= most + 1 ? days : most;
    for (let i = 0; i <= steps; i++) {
      const t = lo + ((hi - lo) * i) / steps;
      const anchor = i === 0 ? "start" : i === steps ? "end" : "middle";
      chart.append(svg("g", { class: "tick" },
        svg("line", { class: "axis", x1: x(t), x2: x(t), y1: base, y2: base + 5 }),
        svg("text", { x: x(t), y: base + 20, "text-anchor": anchor }, new Date(t).toISOString().slice(0, 10))));
    }
  }
  const place = (entry, cx, rise) => {
    const cy = base - 10 - rise;
    const g = svg("g", { class: "point" + (entry.new ? " new" : ""), "data-document": entry.document },
      svg("title", {}, `${entry.date || "undated"} · ${entry.title || entry.document} · ${entry.copies} cop${entry.copies === 1 ? "y" : "ies"}`),
      svg("circle", { class: "article", cx, cy, r: 7 }));
    for (let c = 1; c < entry.copies; c++) g.append(svg("circle", { class: "copy", cx, cy: cy - COPY * c, r: 4 }));
    g.addEventListener("click", () => document.getElementById("entry-" + entry.document)?.scrollIntoView({ behavior: "smooth" }));
    chart.append(g);
  };
  const risen = new Map();
  for (const e of dated) {
    const rise = risen.get(e.date) || 0;
    risen.set(e.date, rise + ARTICLE + COPY * (e.copies - 1));
    place(e, x(Date.parse(e.date)), rise);
  }
  undated.forEach((e, i) => place(e, width - right + 40 + (i % 4) * 18, Math.floor(i / 4) * ARTICLE));
  if (undated.length) {
    chart.append(svg("g", { class: "tick" }, svg("text", { x: width - right + 60, y: base + 20, "text-anchor": "middle" }, "undated")));
  }
  return chart;
}
