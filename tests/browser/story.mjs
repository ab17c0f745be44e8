// Opens the storyline page in headless Chromium, opens the first story,
// checks that its timeline is drawn with one point per article, opens a
// side-by-side view of two copies, and saves screenshots.
//
// usage: node story.mjs BASE_URL OUT_DIR
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
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  await page.goto(base + "/", { waitUntil: "networkidle" });
  await page.waitForSelector("#view[data-ready=list]");
  const stories = await page.locator("li.story a").count();
  if (stories < 1) fail("the story list is empty");
  await page.screenshot({ path: `${out}/list.png`, fullPage: true });

  // Search narrows the list.
  await page.fill("#q", "Lavrov");
  await page.click("#search button");
  await page.waitForSelector("#view[data-ready=list] li.story");

  await page.locator("li.story a").first().click();
  await page.waitForSelector("#view[data-ready=story] svg#timeline");
  const points = await page.locator("svg#timeline g.point").count();
  const entries = await page.locator("section.entry").count();
  if (points < 1 || points !== entries) fail(`timeline has ${points} points for ${entries} entries`);
  const copies = await page.locator("svg#timeline circle.copy").count();
  const title = await page.locator("#view h1").innerText();
  await page.screenshot({ path: `${out}/story.png`, fullPage: true });

  let compared = false;
  if ((await page.locator("a.compare-link").count()) > 0) {
    await page.locator("a.compare-link").first().click();
    await page.waitForSelector("#view[data-ready=compare] .compare");
    const marks = await page.locator(".compare mark").count();
    if (marks < 2) fail(`side-by-side view marks ${marks} passages`);
    await page.screenshot({ path: `${out}/compare.png`, fullPage: true });
    compared = true;
  }
  if (errors.length) fail("page errors: " + errors.join("; "));
  console.log(JSON.stringify({ stories, title, points, copies, compared }));
} finally {
  await browser.close();
}
