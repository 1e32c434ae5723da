// Live preview in headless Chromium: open a record page served by `because serve`, edit the
// record on disk, and see the page change within 2 s (server-sent events reload it).
// Usage: node serve.mjs URL REPO OUT_DIR   (scripts/browser-test.sh starts `because serve`)
// Exits non-zero on failure; the last line is `serve: N passed, M failed`.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const base = process.argv[2];
const repo = resolve(process.argv[3]);
const out = resolve(process.argv[4] ?? "target/browser-test");
const record = join(repo, "docs/decisions/0004-adopt-event-sourcing.md");

const problems = [];
const userDataDir = mkdtempSync(join(tmpdir(), "because-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"],
});
const page = context.pages()[0] ?? await context.newPage();
page.on("console", (msg) => msg.type() === "error" && problems.push(`console: ${msg.text()}`));
page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));

let passed = 0;
let failed = 0;
try {
  await page.goto(`${base}records/0004-adopt-event-sourcing.html`);
  const before = (await page.textContent("h1")).trim();
  if (!before.includes("Adopt event sourcing for billing")) {
    throw new Error(`unexpected title ${before}`);
  }
  // The reload script connects before the edit, so the edit is what triggers the reload.
  await page.waitForFunction(() => performance.getEntriesByType("resource")
    .some((e) => e.name.includes("/__because/live.js")));
  await new Promise((r) => setTimeout(r, 300));
  const edited = readFileSync(record, "utf8").replace("Adopt event sourcing for billing", "Adopt event sourcing for invoices");
  const started = Date.now();
  writeFileSync(record, edited);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("for invoices"), null, { timeout: 2000 });
  const elapsed = Date.now() - started;
  await page.screenshot({ path: join(out, "serve-reloaded.png") });
  if (problems.length) {
    throw new Error(problems.join("\n"));
  }
  console.log(`ok   an edited record shows in the open page after ${elapsed} ms (limit 2000 ms)`);
  passed += 1;
} catch (err) {
  console.log(`FAIL an edited record shows in the open page within 2 s\n     ${String(err && err.message || err).split("\n").slice(0, 4).join("\n     ")}`);
  failed += 1;
}
await context.close();
console.log(`serve: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
