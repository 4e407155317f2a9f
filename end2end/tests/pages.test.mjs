// One test per page, each run with JavaScript on and off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startSite, openPage, screenshotDir } from "./harness.mjs";

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.stop(); });

for (const javaScript of [true, false]) {
  const project = javaScript ? "js" : "no-js";

  test(`[${project}] home shows the paste box and examples`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    const response = await page.goto(`${site.base}/`);
    assert.equal(response.status(), 200);
    assert.equal(await page.title(), "Diagnose a GPU out-of-memory error · oomlens");
    await page.locator("textarea#paste").waitFor();
    assert.equal(await page.locator("h1").innerText(), "What filled the GPU?");
    assert.ok((await page.locator(".example-buttons button").count()) >= 8);
    const nav = await page.locator(".site-nav a").allInnerTexts();
    assert.deepEqual(nav.map((t) => t.trim()), ["Diagnose", "Knowledge base", "Estimate", "Search"]);
    await page.screenshot({ path: join(screenshotDir, `home-1280-${project}.png`), fullPage: true });
    await close();
  });

  test(`[${project}] search finds Chinese and English pages from the form`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    await page.goto(`${site.base}/search`);
    await page.fill("input#q", "梯度累积");
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press("input#q", "Enter")]);
    const first = page.locator(".hit h2 a").first();
    assert.equal(await first.getAttribute("href"), "/kb/gradient-accumulation-zh");
    assert.match(await page.locator(".result-meta").innerText(), /^\d+ results? in \d+\.\d\d ms$/);
    assert.ok((await page.locator(".hit .snippet mark").count()) > 0, "snippets highlight the match");
    await page.screenshot({ path: join(screenshotDir, `search-1280-${project}.png`), fullPage: true });
    await close();
  });

  test(`[${project}] knowledge base index lists pages by tag in both languages`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    await page.goto(`${site.base}/kb`);
    assert.equal(await page.locator("h1").innerText(), "Knowledge base");
    assert.ok(await page.locator('a[href="/kb/fragmentation"]').first().isVisible());
    await page.click('.lang-switch a[href="/kb?lang=zh"]');
    await page.waitForURL(/lang=zh/);
    // the Chinese guides, listed in the interface's language (English here)
    assert.equal(await page.locator("h1").innerText(), "Knowledge base");
    assert.ok(await page.locator('a[href="/kb/fragmentation-zh"]').first().isVisible());
    await page.screenshot({ path: join(screenshotDir, `kb-zh-1280-${project}.png`), fullPage: true });
    await close();
  });

  test(`[${project}] a knowledge page has its contents, tags and translation`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    const response = await page.goto(`${site.base}/kb/fragmentation`);
    assert.equal(response.status(), 200);
    assert.ok((await page.locator(".toc a").count()) >= 2, "a table of contents");
    const tocTarget = await page.locator(".toc a").first().getAttribute("href");
    assert.equal(await page.locator(tocTarget).count(), 1, "toc links point at headings");
    await page.click('a[href="/kb/fragmentation-zh"]');
    await page.waitForURL(/fragmentation-zh$/);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal(await page.locator(".kb-layout").getAttribute("lang"), "zh");
    await page.screenshot({ path: join(screenshotDir, `kb-page-zh-1280-${project}.png`), fullPage: true });
    await close();
  });

  test(`[${project}] unknown pages show the 404 page`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    const response = await page.goto(`${site.base}/no/such/page`);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").innerText(), "This page does not exist");
    await close();
  });
}

test("phone width: pages fit without horizontal scrolling", async () => {
  for (const path of ["/", "/search?q=batch", "/kb", "/kb/fragmentation"]) {
    const { page, close } = await openPage(site.browser, { width: 390, height: 844 });
    await page.goto(`${site.base}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} overflows by ${overflow}px at 390 px`);
    const name = path === "/" ? "home" : path.split(/[/?=]/).filter(Boolean).join("-");
    await page.screenshot({ path: join(screenshotDir, `${name}-390.png`), fullPage: true });
    await close();
  }
});

test("dark mode follows the system setting", async () => {
  const context = await site.browser.newContext({ colorScheme: "dark", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${site.base}/kb/fragmentation`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(15, 18, 22)");
  await page.screenshot({ path: join(screenshotDir, "kb-page-dark-1280.png"), fullPage: true });
  await context.close();
});

test("[js] the Content-Security-Policy blocks nothing the site itself does", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: true });
  const blocked = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) blocked.push(`${page.url()}: ${message.text()}`);
  });
  await page.goto(`${site.base}/`);
  await page.locator(".example-buttons button").first().click();
  await page.waitForURL(/\/d\/[0-9a-f]+$/);
  // the copy button is the optional script's: shown only when it ran
  await page.locator(".copy-button").first().waitFor({ state: "visible" });
  for (const path of ["/kb", "/search?q=oom", "/estimate?model=gpt2&gpu=T4", "/recent", "/kb/fragmentation"]) {
    await page.goto(`${site.base}${path}`);
  }
  assert.deepEqual(blocked, []);
  await close();
});
