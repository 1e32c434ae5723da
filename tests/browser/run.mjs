// Drives a site built by `because build` in headless Chromium, as a new hire would use it.
// Usage: node run.mjs SITE_DIR OUT_DIR   (scripts/browser-test.sh builds the sample site)
// Exits non-zero on any failure; the last line is `browser: N passed, M failed`.

import { mkdtempSync, readFileSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, extname } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const site = resolve(process.argv[2] ?? "site");
const out = resolve(process.argv[3] ?? "target/browser-test");
const index = pathToFileURL(join(site, "index.html")).href;

const results = [];
const problems = []; // console errors, page errors, requests to other hosts

async function check(name, body) {
  try {
    await body();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (err) {
    results.push([name, false]);
    console.log(`FAIL ${name}\n     ${String(err && err.stack || err).split("\n").slice(0, 4).join("\n     ")}`);
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function watch(page, label) {
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      problems.push(`${label}: console ${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`${label}: page error: ${err.message}`));
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("file:") && !url.startsWith("http://127.0.0.1:") && !url.startsWith("data:")) {
      problems.push(`${label}: request to another host: ${url}`);
    }
  });
  page.on("requestfailed", (req) => {
    // A click that leaves a page before its deferred scripts finish (the 3 MB mermaid.min.js)
    // aborts them; that is the test moving on, not the site failing. A missing file still
    // fails here with net::ERR_FILE_NOT_FOUND.
    if (req.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`${label}: request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
}

async function visibleRows(page) {
  return page.$$eval("#records tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => ({
    title: r.querySelector(".title").textContent.trim(),
    status: r.dataset.status,
  })));
}

const userDataDir = mkdtempSync(join(tmpdir(), "because-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  ],
  viewport: { width: 1280, height: 900 },
  // A reader in Seoul, so their time differs from the record's (Los Angeles) and from UTC.
  timezoneId: "Asia/Seoul",
  locale: "en-US",
});
const page = context.pages()[0] ?? await context.newPage();
watch(page, "file");

await check("index opens from file:// and its script runs under the CSP", async () => {
  await page.goto(index);
  await page.waitForSelector("#filters:not([hidden])", { timeout: 5000 });
  const all = await visibleRows(page);
  assert(all.length >= 6, `expected the sample's records, saw ${all.length}`);
  const count = await page.textContent("#count");
  assert(count.trim() === `${all.length} records`, `count says ${count}`);
  await page.screenshot({ path: join(out, "index.png"), fullPage: true });
});

await check("search narrows the list, over titles and bodies", async () => {
  const before = (await visibleRows(page)).length;
  await page.fill("#q", "cockroach");
  let rows = await visibleRows(page);
  assert(rows.length > 0 && rows.length < before, `title search shows ${rows.length} of ${before}`);
  assert(rows.some((r) => r.title.includes("CockroachDB")), "CockroachDB record not shown");
  // A word that only appears in one record's body text, not in any title.
  await page.fill("#q", "ledger");
  rows = await visibleRows(page);
  assert(rows.length === 1 && rows[0].title.includes("event sourcing"), `body search shows ${JSON.stringify(rows)}`);
  assert((await page.textContent("#count")).includes(`1 of ${before}`), "count not updated");
  await page.fill("#q", "zzzz-nothing");
  assert(await page.isVisible("#empty"), "no 'nothing matches' message");
  await page.fill("#q", "");
  assert((await visibleRows(page)).length === before, "clearing the search restores the list");
});

await check("status filter shows only that status", async () => {
  await page.selectOption("#f-status", "accepted");
  const rows = await visibleRows(page);
  assert(rows.length > 0, "no accepted records shown");
  assert(rows.every((r) => r.status === "accepted"), `mixed statuses: ${JSON.stringify(rows)}`);
  assert(page.url().includes("#status=accepted"), `filter not kept in the address: ${page.url()}`);
  await page.selectOption("#f-kind", "rfc");
  const both = await visibleRows(page);
  assert(both.length < rows.length, "kind filter did not combine with status");
  await page.click("button[type=reset]");
  await page.waitForFunction(() => document.querySelectorAll("#records tbody tr[hidden]").length === 0);
});

await check("a record links to its successor, which is in force", async () => {
  await page.click("text=Use PostgreSQL for events");
  await page.waitForSelector("h1");
  // Let the page's Mermaid diagram load and render, so its errors are seen before we move on.
  await page.waitForLoadState("load");
  assert((await page.textContent("h1")).includes("Use PostgreSQL for events"), "wrong record page");
  const banner = await page.textContent(".banner");
  assert(banner.includes("superseded"), `no superseded banner: ${banner}`);
  assert(banner.toLowerCase().includes("in force now"), `banner does not say what is in force: ${banner}`);
  await page.screenshot({ path: join(out, "record.png"), fullPage: true });
  await page.click(".banner p:nth-of-type(2) a");
  await page.waitForSelector("h1");
  const title = await page.textContent("h1");
  assert(title.includes("Use CockroachDB"), `successor link went to ${title}`);
  assert((await page.textContent(".meta")).includes("Supersedes"), "successor does not show the reverse relation");
  await page.screenshot({ path: join(out, "successor.png"), fullPage: true });
});

await check("a person's page lists what they decided and authored", async () => {
  await page.click(".meta a[href*='people/']");
  await page.waitForSelector("h1");
  const h1 = await page.textContent("h1");
  assert(h1.includes("Sam"), `person page is for ${h1}`);
  const decided = await page.$$eval("#decided + ul li", (li) => li.length);
  assert(decided >= 2, `Sam decided ${decided} records`);
  await page.goto(new URL("people/index.html", index).href);
  const people = await page.$$eval("table.people tbody tr", (tr) => tr.length);
  assert(people >= 4, `people index lists ${people}`);
  await page.screenshot({ path: join(out, "people.png"), fullPage: true });
});

await check("timeline and record page read well on a phone and in dark mode", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(new URL("records/0003-use-cockroachdb.html", index).href);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(scrollWidth <= 390, `page scrolls sideways on a phone (${scrollWidth}px)`);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert(bg !== "rgb(255, 255, 255)", `dark mode background is ${bg}`);
  await page.screenshot({ path: join(out, "record-phone-dark.png"), fullPage: true });
  // Commit subjects are whole on a phone, not cut by a scrolling table.
  const cut = await page.$$eval("table.commits td:last-child", (cells) =>
    cells.filter((td) => td.getBoundingClientRect().right > window.innerWidth || td.scrollWidth > td.clientWidth + 1).length);
  assert(cut === 0, `${cut} commit subjects are cut at 390 px`);
  await page.goto(new URL("timeline.html", index).href);
  assert((await page.$$("ol.timeline li")).length >= 6, "timeline is missing records");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
});

await check("a mermaid block becomes an SVG diagram, offline, under the page's CSP", async () => {
  const page = await context.newPage();
  watch(page, "mermaid");
  await page.goto(new URL("records/0002-use-postgresql-for-events.html", index).href);
  await page.waitForSelector("figure.diagram svg", { timeout: 10000 });
  const labels = await page.$eval("figure.diagram svg", (svg) => svg.textContent);
  assert(labels.includes("PostgreSQL") && labels.includes("Projector"), `diagram labels: ${labels}`);
  assert((await page.$$("pre > code.language-mermaid")).length === 0, "the source block was not replaced");
  await page.screenshot({ path: join(out, "mermaid.png"), fullPage: true });
  await page.close();
  const plain = await context.newPage();
  await plain.goto(new URL("records/0001-record-architecture-decisions.html", index).href);
  const scripts = await plain.$$eval("script", (s) => s.map((x) => x.getAttribute("src")));
  assert(!scripts.some((s) => s && s.includes("mermaid")), `a page without diagrams loads Mermaid: ${scripts}`);
  await plain.close();
});

await check("graph page: the relation graph is an SVG whose nodes link to records, no page scrolls sideways at 390 px", async () => {
  const page = await context.newPage();
  watch(page, "graph");
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(new URL("graph.html", index).href);
  const nodes = await page.$$eval("svg.graph a", (links) => links.map((a) => a.getAttribute("href")));
  assert(nodes.length >= 2 && nodes.every((h) => h.startsWith("records/")), `graph nodes: ${nodes}`);
  const box = await page.$eval("svg.graph rect", (r) => r.getBoundingClientRect().width);
  assert(box > 100, `graph nodes are not drawn (width ${box})`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert(wide, "the graph page scrolls sideways at 390 px");
  await page.screenshot({ path: join(out, "graph-phone.png"), fullPage: true });
  await page.click("svg.graph a");
  await page.waitForSelector("article.record");
  await page.close();
});

await check("the in-force page lists what holds now, by tag, and reads on a phone", async () => {
  const page = await context.newPage();
  watch(page, "in-force");
  await page.goto(index);
  await page.click("nav >> text=In force");
  await page.waitForSelector("h1");
  assert((await page.textContent("h1")).includes("In force now"), "not the in-force page");
  const listed = await page.$$eval("ul.in-force a[href^='records/']", (links) => links.map((a) => a.textContent));
  assert(listed.some((t) => t.includes("Use CockroachDB")), `in force: ${listed}`);
  assert(!listed.some((t) => t.includes("Use PostgreSQL for events")), `a superseded record is listed: ${listed}`);
  await page.setViewportSize({ width: 390, height: 800 });
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert(fits, "the in-force page scrolls sideways at 390 px");
  await page.screenshot({ path: join(out, "in-force-phone.png"), fullPage: true });
  await page.close();
});

await check("at 390 px the index is a list of cards and no page kind scrolls sideways", async () => {
  const page = await context.newPage();
  watch(page, "phone");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(index);
  const card = await page.$eval("#records tbody tr", (tr) => ({
    display: getComputedStyle(tr).display,
    // Each field a card shows, by the label its line starts with.
    labels: [...tr.querySelectorAll("td")]
      .filter((td) => td.offsetHeight > 0)
      .map((td) => getComputedStyle(td, "::before").content),
  }));
  assert(card.display === "block", `index rows are not cards at 390 px (${card.display})`);
  for (const label of ["Status", "Decision-maker", "Date"]) {
    assert(card.labels.includes(`"${label}: "`), `a card does not show ${label}: ${card.labels}`);
  }
  await page.selectOption("#f-status", "accepted");
  const shown = await page.$$eval("#records tbody tr", (rows) => rows.filter((r) => r.offsetHeight > 0).map((r) => r.dataset.status));
  assert(shown.length > 0 && shown.every((s) => s === "accepted"), `filtered cards: ${shown}`);
  await page.screenshot({ path: join(out, "index-phone.png"), fullPage: true });
  const kinds = ["index.html", "in-force.html", "timeline.html", "graph.html", "code.html", "people/index.html"];
  const firstRecord = await page.$eval("#records tbody tr th a", (a) => a.getAttribute("href"));
  const person = await page.$eval("#records tbody tr .col-person a", (a) => a.getAttribute("href"));
  for (const path of [...kinds, firstRecord, "records/0003-use-cockroachdb.html", person]) {
    await page.goto(new URL(path, index).href);
    const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert(width[0] <= width[1], `${path} scrolls sideways at 390 px (${width[0]} > ${width[1]})`);
  }
  await page.close();
});

await check("axe-core finds no serious or critical accessibility violation on any page kind, light or dark", async () => {
  const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const page = await context.newPage();
  watch(page, "axe");
  const paths = ["index.html", "in-force.html", "timeline.html", "graph.html", "code.html", "people/index.html",
    "people/sam.html", "people/backend.html", "records/0002-use-postgresql-for-events.html",
    "records/0003-use-cockroachdb.html", "records/0006-cursor-pagination.html"];
  const found = [];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of paths) {
      await page.goto(new URL(path, index).href);
      // Evaluated through the browser's debugging protocol, which the page's CSP does not govern.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        // No preload: it fetches the stylesheets, which the site's CSP (`connect-src 'none'`)
        // rightly refuses; computed styles are read from the page all the same.
        const result = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
        return result.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      found.push(...violations.map((v) => `${scheme} ${path}: ${v}`));
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.close();
  assert(found.length === 0, `accessibility violations:\n  ${found.join("\n  ")}`);
});

await check("the header's search box, on any page, loads the index on first use and ranks title matches first", async () => {
  const page = await context.newPage();
  watch(page, "header-search");
  const loads = [];
  page.on("request", (req) => { if (req.url().endsWith("search-index.js")) loads.push(req.url()); });
  await page.goto(new URL("records/0006-cursor-pagination.html", index).href);
  await page.waitForSelector("#site-search:not([hidden])");
  assert(loads.length === 0, `the search index loaded before any search: ${loads}`);
  await page.fill("#site-q", "postgresql");
  await page.waitForSelector("#site-results:not([hidden]) a");
  const hits = await page.$$eval("#site-results a", (links) => links.map((a) => a.textContent));
  assert(loads.length === 1, `search index loads: ${loads.length}`);
  assert(hits[0].includes("Use PostgreSQL for events"), `a title match is not first: ${hits}`);
  assert(hits.some((h) => h.includes("Use CockroachDB")), `a body match is missing: ${hits}`);
  await page.fill("#site-q", "ledger postgresql");
  await page.waitForFunction(() => document.querySelectorAll("#site-results a").length <= 1);
  const both = await page.$$eval("#site-results a", (links) => links.map((a) => a.textContent));
  assert(both.every((h) => !h.includes("Drop the SOAP")), `every word is required: ${both}`);
  await page.fill("#site-q", "ledger");
  await page.waitForFunction(() => document.querySelectorAll("#site-results a").length === 1);
  await page.press("#site-q", "Enter");
  await page.waitForURL(/index\.html#q=ledger/);
  await page.waitForFunction(() => document.querySelectorAll("#records tbody tr:not([hidden])").length === 1);
  const rows = await visibleRows(page);
  assert(rows[0].title.includes("event sourcing"), `Enter shows ${JSON.stringify(rows)}`);
  await page.close();
});

await check("served from a subpath over HTTP, the index still works", async () => {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".xml": "application/atom+xml" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith("/decisions/")) {
      res.writeHead(404).end();
      return;
    }
    let file = join(site, path.slice("/decisions/".length));
    if (existsSync(file) && statSync(file).isDirectory()) {
      file = join(file, "index.html");
    }
    if (!file.startsWith(site) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  try {
    const base = `http://127.0.0.1:${server.address().port}/decisions/`;
    const served = await context.newPage();
    watch(served, "http");
    await served.goto(base);
    await served.waitForSelector("#filters:not([hidden])", { timeout: 5000 });
    await served.fill("#q", "cockroach");
    const rows = await served.$$eval("#records tbody tr:not([hidden])", (r) => r.length);
    assert(rows >= 1, "search does not work when served");
    await served.click("#records tbody tr:not([hidden]) a");
    await served.waitForSelector("article.record");
    assert(served.url().startsWith(`${base}records/`), `link left the subpath: ${served.url()}`);
    await served.close();
  } finally {
    server.close();
  }
});

await check("a deadline shows the reader's local time and a live time left", async () => {
  await page.goto(new URL("records/0004-adopt-event-sourcing.html", index).href);
  await page.waitForSelector(".local-time:not([hidden])", { timeout: 5000 });
  const own = (await page.textContent("time.deadline")).trim();
  assert(own.includes("09:00 PST"), `the record's own zone is not shown: ${own}`);
  const local = await page.textContent(".local-time");
  // 09:00 in Los Angeles on 5 March is 02:00 on 6 March in Seoul.
  assert(local.includes("Mar 6, 2026") && local.includes("02:00") && local.includes("GMT+9"),
    `local time reads ${local}`);
  // The page was built on 2026-03-01 ("due in 4 days"); viewed now, the script says how late.
  const days = Math.floor((Date.now() - Date.parse("2026-03-05T17:00:00Z")) / 86400000);
  const badges = await page.$$eval("[data-left]", (els) => els.map((e) => e.textContent));
  const expected = days >= 2 ? `overdue by ${days} days` : "overdue by";
  assert(badges.length === 2 && badges.every((b) => b.startsWith(expected)),
    `expected "${expected}", saw ${JSON.stringify(badges)}`);
  const html = readFileSync(join(site, "records/0004-adopt-event-sourcing.html"), "utf8");
  assert(html.includes("(as of 2026-03-01)"), "the no-script text is not marked with its date");
  await page.screenshot({ path: join(out, "deadline.png"), fullPage: true });
});

await check("the index's deadline column sorts soonest first", async () => {
  await page.goto(index);
  await page.waitForSelector("#sort-deadline:not([hidden])", { timeout: 5000 });
  await page.click("#sort-deadline");
  const first = await page.textContent("#records tbody tr:first-child .title");
  assert(first.includes("event sourcing"), `first row after sorting: ${first}`);
  const marker = await page.getAttribute("#records tbody tr:first-child [data-left]", "class");
  assert(marker.includes("overdue"), `overdue marker missing: ${marker}`);
  await page.click("#sort-deadline");
  const back = await page.textContent("#records tbody tr:first-child .num");
  assert(back.trim() === "0001", `second click did not restore the order: ${back}`);
});

await check("no console errors, failed requests or requests to other hosts", async () => {
  assert(problems.length === 0, problems.join("\n"));
});

await context.close();
const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`screenshots in ${out}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
