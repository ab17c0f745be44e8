// Walks the storyline page in headless Chromium as a reader would: the
// story list a page at a time, its filters and orders (focus kept on the
// control that changed), a story opened from the keyboard, its quotes by
// speaker, what is new since a date and its downloads, a document page,
// two copies side by side, and the list and a story on a 390-px phone.
// Saves a screenshot of each view and prints what it found as JSON.
//
// usage: node story.mjs BASE_URL OUT_DIR
// The index is crates/storyline-server/tests/util's "newsroom".
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error("usage: node story.mjs BASE_URL OUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const fail = (msg) => { throw new Error(msg); };
const check = (ok, msg) => ok || fail(msg);
const result = { screenshots: [] };
const errors = [];

async function newPage(width) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return page;
}

// Waits for the view the router marks as complete.
const ready = (page, name) => page.waitForSelector(`#view[data-ready=${name}]`);
const shoot = async (page, name) => {
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  result.screenshots.push(`${name}.png`);
};
const cardTitles = (page) => page.locator(".card-title").allInnerTexts();
const summary = (page) => page.locator("#stories-summary").innerText();
// Does `action` and waits for the view it leads to: the router numbers
// each view it completes (data-serial).
async function rendered(page, action) {
  const before = await page.getAttribute("#view", "data-serial");
  await action();
  await page.waitForFunction((serial) => {
    const view = document.getElementById("view");
    return view.dataset.ready && view.dataset.serial !== serial;
  }, before);
}

try {
  const page = await newPage(1200);

  // The list: single-article stories hidden by default.
  await page.goto(base + "/", { waitUntil: "networkidle" });
  await ready(page, "list");
  result.stories = (await cardTitles(page)).length;
  check(result.stories === 5, `the first view shows ${result.stories} stories, not the 5 of two articles or more`);
  check(await page.locator("#f-single").isChecked(), "'hide single-article stories' is on by default");
  const sources = await page.locator(".card .sources").first().innerText();
  check(/outlet/.test(sources), `a card names its outlets: ${sources}`);
  await shoot(page, "list");

  // Pages, in the address: Next, then Back.
  await rendered(page, () => page.goto(base + "/#/?per=2"));
  const first = await cardTitles(page);
  await rendered(page, () => page.click(".pager a[rel=next]"));
  const second = await cardTitles(page);
  check(second.length === 2 && !second.some((t) => first.includes(t)), "page 2 shows other stories");
  result.pager = await page.locator(".pager-place").first().innerText();
  check(page.url().includes("page=2"), `the page is in the address: ${page.url()}`);
  await shoot(page, "pagination");
  await rendered(page, () => page.goBack());
  check((await cardTitles(page)).join() === first.join(), "Back returns to page 1");

  // Filters, each keeping the keyboard on its control.
  await rendered(page, () => page.goto(base + "/#/"));
  await rendered(page, () => page.uncheck("#f-single"));
  result.all_sizes = await summary(page);
  check(/of 8 stories/.test(result.all_sizes), `all sizes: ${result.all_sizes}`);
  await rendered(page, () => page.selectOption("#f-language", "deu"));
  check(await page.evaluate(() => document.activeElement.id) === "f-language", "focus stays on the language menu");
  const german = await cardTitles(page);
  check(german.length === 1 && german[0].includes("Vallorcine"), `language filter: ${german}`);
  await rendered(page, () => page.selectOption("#f-language", ""));
  await rendered(page, async () => {
    await page.fill("#f-source", "Coast Wire");
    await page.press("#f-source", "Enter");
  });
  result.outlet_filter = (await cardTitles(page)).length;
  check(result.outlet_filter === 2, `outlet filter shows ${result.outlet_filter} stories`);
  check(page.url().includes("source=Coast+Wire"), `the filter is in the address: ${page.url()}`);
  await shoot(page, "filters");
  await rendered(page, () => page.click("#f-clear"));
  await rendered(page, () => page.selectOption("#f-sort", "active"));
  const active = await page.locator(".card").first().innerText();
  check(active.includes("Kestrel-7") && /5 documents in the 14 days/.test(active), `most active first: ${active}`);

  // A card opens from the keyboard, its focus visible.
  await page.focus(".card-link");
  const outline = await page.locator(".card").first().evaluate((card) => getComputedStyle(card).outlineStyle);
  check(outline !== "none", "a focused card shows its focus");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#view[data-ready=story] svg#timeline");

  // The story: timeline, links, quotes by speaker, what's new, downloads.
  result.title = await page.locator("#view h1").innerText();
  result.points = await page.locator("svg#timeline g.point").count();
  const entries = await page.locator("li.entry").count();
  check(result.points === entries, `timeline has ${result.points} points for ${entries} articles`);
  result.copies = await page.locator("svg#timeline circle.copy").count();
  result.original_links = await page.locator("li.entry > p.meta a.original[rel~=noopener][target=_blank]").count();
  check(result.original_links === entries, `each article links to its original: ${result.original_links} of ${entries}`);
  result.speakers = await page.locator("details.speaker").count();
  result.speaker_counts = await page.locator("details.speaker summary .count").allInnerTexts();
  check(result.speakers >= 2, `quotes grouped by ${result.speakers} speakers`);
  const group = page.locator("details.speaker").first();
  await group.locator("summary").click();
  const folded = !(await group.evaluate((d) => d.open));
  await group.locator("summary").focus();
  await page.keyboard.press("Enter");
  check(folded && (await group.evaluate((d) => d.open)), "a speaker's group folds and opens, by mouse and keyboard");
  await page.fill("#since-date", "2024-03-12");
  await rendered(page, () => page.click(".since button"));
  result.new_entries = await page.locator("li.entry.new").count();
  result.since = await page.locator(".since-summary").innerText();
  check(result.new_entries === 3, `3 articles after 2024-03-12, marked: ${result.new_entries}`);
  check(page.url().includes("since=2024-03-12"), "the date is in the address");
  const csv = await page.evaluate(async () => {
    const res = await fetch(document.getElementById("export-csv").href);
    return { disposition: res.headers.get("content-disposition"), text: await res.text() };
  });
  check(/filename="story-.*\.csv"/.test(csv.disposition), `CSV download: ${csv.disposition}`);
  result.csv_rows = csv.text.trim().split("\r\n").length - 1;
  check(result.csv_rows === entries, `the CSV has a row per article: ${result.csv_rows}`);
  await rendered(page, () => page.check("#only-new"));
  check(await page.locator("li.entry").count() === 3, "'only what's new' shows the 3 new articles");
  await rendered(page, () => page.uncheck("#only-new"));
  await shoot(page, "story");

  // A document with a copy: its story by title, the date's precision.
  const copied = page.locator("li.entry", { has: page.locator("ul.copies") }).first();
  const storyTitle = result.title;
  await copied.locator("h3 a").click();
  await ready(page, "document");
  const storyLink = await page.locator("#story-link").innerText();
  check(storyLink === storyTitle, `the document names its story by title: ${storyLink}`);
  const dateTitle = await page.locator(".facts time.date").first().getAttribute("title");
  check(/known to the day/.test(dateTitle) && /does not record where a date came from/.test(dateTitle), `date tooltip: ${dateTitle}`);
  result.document_copies = await page.locator("ul.copies li").count();
  await shoot(page, "document");

  // Two copies side by side, each headed by its title, outlet and date.
  await page.locator("a.compare-link").first().click();
  await ready(page, "compare");
  const headings = await page.locator(".side h2").allInnerTexts();
  const metas = await page.locator(".side .meta").allInnerTexts();
  check(headings.length === 2 && headings.every((h) => h.includes("Kestrel-7")), `compare headings: ${headings}`);
  check(metas.every((m) => /2024-03-14/.test(m)) && metas.some((m) => m.includes("Science Digest")), `compare meta: ${metas}`);
  result.marks = await page.locator(".compare mark").count();
  check(result.marks >= 2, `side-by-side view marks ${result.marks} passages`);
  result.compared = true;
  await shoot(page, "compare");

  // A document without copies says so.
  await page.goto(base + "/#/document/bakery");
  await ready(page, "document");
  const body = await page.locator("#view").innerText();
  check(!/\bnull\b|undefined/.test(body), "no null or undefined on a document page");
  check(await page.locator("#no-copies").count() === 1, "an empty state for no copies");

  // The seeds' copies: an identical opening sentence is marked.
  await page.goto(base + "/#/?q=Lavrov");
  await ready(page, "list");
  result.search_hits = await page.locator("li.hit").count();
  await page.locator(".card-link").first().click();
  await ready(page, "story");
  await page.locator("a.compare-link").first().click();
  await ready(page, "compare");
  result.seed_marks = await page.locator(".compare mark").count();

  // A phone: nothing wider than the screen.
  const phone = await newPage(390);
  await phone.goto(base + "/", { waitUntil: "networkidle" });
  await ready(phone, "list");
  const width = () => phone.evaluate(() => document.documentElement.scrollWidth);
  result.phone_list_width = await width();
  await shoot(phone, "list-phone");
  await phone.locator(".card-link").first().click();
  await ready(phone, "story");
  result.phone_story_width = await width();
  await shoot(phone, "story-phone");
  check(result.phone_list_width <= 390 && result.phone_story_width <= 390,
    `wider than a 390-px phone: ${result.phone_list_width}, ${result.phone_story_width}`);

  if (errors.length) fail("page errors: " + errors.join("; "));
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
