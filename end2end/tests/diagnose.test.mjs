// Paste, submit, and check the result page against the report of POST /api/diagnose for the same text:
// every bar's segment widths (SVG attributes), the findings in order, and the guide links.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startSite, openPage, root, screenshotDir, postForm } from "./harness.mjs";

const fixtureDirs = [join(root, "tests", "fixtures", "seeds"), join(root, "tests", "fixtures", "corpus-e2e")];
const fixtures = fixtureDirs.flatMap((dir) =>
  readdirSync(dir).filter((name) => name.endsWith(".txt")).map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") })),
);

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.stop(); });

async function reportFor(text) {
  const response = await fetch(`${site.base}/api/diagnose`, { method: "POST", headers: { "content-type": "text/plain" }, body: text });
  assert.equal(response.status, 200);
  return response.json();
}

async function pasteAndSubmit(page, text) {
  await page.goto(`${site.base}/`);
  await page.fill("textarea#paste", text);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]{12}$/), page.click("button.button.primary[type=submit]")]);
}

const SEGMENT_KEYS = ["allocated", "reserved_unallocated", "non_framework", "other_processes", "free"];

async function checkResult(page, report, name) {
  // Bars: one per device; each drawn segment's width is bytes / total × units of the report's event.
  const bars = await page.locator("svg.capacity-bar").evaluateAll((svgs) =>
    svgs.map((svg) => ({
      event: Number(svg.dataset.event),
      total: Number(svg.dataset.total),
      units: Number(svg.dataset.barUnits),
      parts: [...svg.querySelectorAll("rect[data-segment]")].map((rect) => ({
        key: rect.dataset.segment,
        bytes: Number(rect.dataset.bytes),
        width: Number(rect.getAttribute("width")),
      })),
      request: (() => {
        const rect = svg.querySelector("rect.request");
        return rect ? { bytes: Number(rect.dataset.bytes), width: Number(rect.getAttribute("width")), cut: rect.dataset.cut === "true" } : null;
      })(),
    })),
  );
  // One bar per device, drawn for its first event that states the device's size.
  const expectedBars = [];
  const seen = new Set();
  report.events.forEach((event, index) => {
    const device = `${event.device.backend}:${event.device.index}`;
    if (seen.has(device) || !event.total || !event.segments) return;
    seen.add(device);
    expectedBars.push(index);
  });
  assert.deepEqual(bars.map((bar) => bar.event), expectedBars, `${name}: one bar per device, for its first sized event`);
  for (const bar of bars) {
    const event = report.events[bar.event];
    assert.equal(bar.total, event.total, `${name}: bar total`);
    for (const key of SEGMENT_KEYS) {
      const expected = event.segments[key];
      const part = bar.parts.find((p) => p.key === key);
      if (expected === null || expected === 0) {
        assert.equal(part, undefined, `${name}: ${key} is not drawn`);
        continue;
      }
      assert.ok(part, `${name}: ${key} is drawn`);
      assert.equal(part.bytes, expected, `${name}: ${key} bytes`);
      assert.ok(Math.abs(part.width - (expected / event.total) * bar.units) < 0.001, `${name}: ${key} width ${part.width}`);
    }
    if (event.requested) {
      assert.equal(bar.request.bytes, event.requested);
      if (!bar.request.cut) {
        assert.ok(Math.abs(bar.request.width - (event.requested / event.total) * bar.units) < 0.001, `${name}: request width`);
      }
    }
  }
  // Findings in the report's order, each with its first guides linked.
  const findingIds = await page.locator("li.finding").evaluateAll((items) => items.map((item) => item.id.replace(/^finding-/, "")));
  assert.deepEqual(findingIds, report.findings.map((finding) => finding.id), `${name}: findings`);
  for (const finding of report.findings) {
    const links = await page.locator(`#finding-${finding.id} a.guide-title`).evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links, finding.pages.slice(0, 3).map((slug) => `/kb/${slug}`), `${name}: guides of ${finding.id}`);
  }
  // The events' first lines are highlighted in the paste.
  for (const event of report.events.slice(0, 20)) {
    assert.ok(await page.locator(`#L${event.line}.hl`).count(), `${name}: line ${event.line} highlighted`);
  }
}

for (const javaScript of [true, false]) {
  const project = javaScript ? "js" : "no-js";
  for (const fixture of fixtures) {
    test(`[${project}] ${fixture.name}: paste, submit, bars and findings match the report`, async () => {
      const report = await reportFor(fixture.text);
      assert.ok(report.events.length > 0, `${fixture.name} has events`);
      const { page, close } = await openPage(site.browser, { javaScript });
      await pasteAndSubmit(page, fixture.text);
      await checkResult(page, report, fixture.name);
      await close();
    });
  }
}

test("an example button works without JavaScript", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: false });
  await page.goto(`${site.base}/`);
  await Promise.all([page.waitForURL(/\/d\//), page.click('button[name="example"][value="pytorch-cuda"]')]);
  assert.equal(await page.locator("h1").innerText(), "Tried to allocate 20.00 MiB on GPU 0 (7.64 GiB) with 59.44 MiB free, during the forward pass");
  await close();
});

test("screenshots of a result at desktop and phone widths", async () => {
  const text = readFileSync(join(root, "app", "examples", "pytorch-other-process.txt"), "utf8");
  for (const width of [1280, 390]) {
    const { page, close } = await openPage(site.browser, { width, height: 900 });
    await pasteAndSubmit(page, text);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `result page overflows by ${overflow}px at ${width}px`);
    await page.screenshot({ path: join(screenshotDir, `result-${width}.png`), fullPage: true });
    await close();
  }
});

test("a result page weighs under 100 KB (HTML + CSS, uncompressed)", async () => {
  const text = readFileSync(join(root, "tests", "fixtures", "seeds", fixtures[0].name), "utf8");
  const posted = await postForm(site.base, "/diagnose", { text });
  const location = posted.headers.get("location");
  const html = await (await fetch(`${site.base}${location}`, { headers: { "accept-encoding": "identity" } })).text();
  const cssHref = html.match(/href="(\/assets\/style\.[0-9a-f]{10}\.css)"/)[1];
  const css = await (await fetch(`${site.base}${cssHref}`, { headers: { "accept-encoding": "identity" } })).text();
  const total = Buffer.byteLength(html) + Buffer.byteLength(css);
  console.log(`result page weight: HTML ${Buffer.byteLength(html)} B + CSS ${Buffer.byteLength(css)} B = ${total} B`);
  assert.ok(total < 100 * 1024, `${total} bytes`);
});

test("Ctrl+Enter in the paste box submits it", async () => {
  const { page, close } = await openPage(site.browser);
  await page.goto(`${site.base}/`);
  await page.fill("textarea#paste", fixtures[0].text);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]{12}$/), page.press("textarea#paste", "Control+Enter")]);
  assert.equal(await page.locator("section.result-head").count(), 1, "the result page");
  await close();
});

test("copy buttons copy the permalink and a snippet, and say so", async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.base });
  const page = await context.newPage();
  const text = readFileSync(join(root, "app", "examples", "pytorch-other-process.txt"), "utf8");
  await pasteAndSubmit(page, text);
  const link = page.locator("button.copy-button[data-copy-text]");
  assert.equal(await link.isVisible(), true, "shown when JavaScript runs");
  await link.click();
  // the whole link, to paste into a chat: this page's origin (and base path) before the path
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${site.base}${await link.getAttribute("data-copy-text")}`);
  assert.equal(await link.innerText(), "Copied");
  const snippet = page.locator("button.copy-button[data-copy]").first();
  const target = await snippet.getAttribute("data-copy");
  await snippet.click();
  const code = await page.locator(`[id="${target}"]`).textContent();
  assert.ok(code.length > 0);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  await context.close();
});
