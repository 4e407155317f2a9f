// The seed-004 situation in a browser with JavaScript off: the result names the logits with their
// arithmetic, says which change first makes the request fit, and a what-if link draws the
// device's bar again with it. axe on the page with the redrawn bar. Screenshots looked at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startSite, openPage, root, screenshotDir } from "./harness.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const LOG = readFileSync(join(root, "tests", "fixtures", "naming", "nanogpt-estimate-loss.log"), "utf8");

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.stop(); });

test("[no-js] the logits are named and a what-if redraws the bar", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: false });
  await page.goto(`${site.base}/`);
  await page.fill("#paste", LOG);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]+$/), page.click(".paste-actions button[type=submit]")]);
  const note = page.locator(".tensor-note");
  assert.equal(await note.locator("h2").innerText(), "What it was allocating");
  assert.equal(await note.locator("code").first().innerText(), "batch 64 × sequence 1,024 × vocabulary 50,304 × 2 bytes = 6.14 GiB");
  await Promise.all([page.waitForURL(/whatif=batch-quarter/), note.locator("a[href*='whatif=batch-quarter']").click()]);
  assert.equal(await page.locator("#bar-whatif-title").count(), 1);
  await page.screenshot({ path: join(screenshotDir, "naming-whatif.png"), fullPage: true });
  const url = page.url();
  await close();
  // axe needs JavaScript: the same page, with the redrawn bar, in a second browser context
  for (const colorScheme of ["light", "dark"]) {
    const context = await site.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const audited = await context.newPage();
    await audited.goto(url);
    await audited.addScriptTag({ path: axePath });
    const results = await audited.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const found = results.violations.filter((v) => ["moderate", "serious", "critical"].includes(v.impact));
    const report = found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(report, [], `${colorScheme}:\n${report.join("\n")}`);
    await context.close();
  }
});
