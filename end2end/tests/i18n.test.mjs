// The interface in Chinese and English: chosen by Accept-Language, by the switch's cookie, and by
// the switch itself (a plain link, JavaScript off); axe on the Chinese pages; screenshots of the
// Chinese diagnosis at laptop and phone widths, and a Chinese search, for docs/screenshots/ (looked at: no boxes where
// CJK should be, no clipped labels).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startSite, root, postForm } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const docs = join(root, "docs", "screenshots");

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.stop(); });

/** A page whose browser asks for `locale` (Accept-Language), with the switch's cookie if `cookie`. */
async function open({ locale = "en-US", cookie = null, javaScript = true, width = 1280 } = {}) {
  const context = await site.browser.newContext({ locale, javaScriptEnabled: javaScript, viewport: { width, height: 900 }, bypassCSP: true });
  if (cookie) await context.addCookies([{ name: "oomlens_lang", value: cookie, url: site.base }]);
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

async function diagnoseExample(page) {
  await page.goto(`${site.base}/`);
  await Promise.all([page.waitForURL(/\/d\//), page.click('button[name="example"][value="pytorch-other-process"]')]);
}

for (const [how, options] of [["Accept-Language", { locale: "zh-CN" }], ["the cookie", { locale: "en-US", cookie: "zh" }]]) {
  test(`Chinese by ${how}: home, a diagnosis and a search`, async () => {
    const { page, close } = await open(options);
    const response = await page.goto(`${site.base}/`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute("html", "lang"), "zh");
    assert.equal(await page.locator("h1").innerText(), "显存被什么占满了？");
    assert.deepEqual((await page.locator(".site-nav a").allInnerTexts()).map((t) => t.trim()), ["诊断", "知识库", "显存估算", "搜索"]);
    await diagnoseExample(page);
    assert.match(await page.locator("h1").innerText(), /^在 GPU 0（共 [\d.]+ GiB）上申请 [\d.]+ MiB 失败/);
    assert.equal(await page.locator("h2#devices-heading").innerText(), "设备上的显存分布");
    assert.equal(await page.locator("h2#findings-heading").innerText(), "问题出在哪里");
    await page.goto(`${site.base}/search?q=${encodeURIComponent("梯度累积")}`);
    assert.match(await page.locator(".result-meta").innerText(), /^\d+ 条结果，用时 \d+\.\d\d 毫秒$/);
    // the tags read in Chinese too, their ids kept in the links
    await page.goto(`${site.base}/search?q=${encodeURIComponent("显存碎片")}`);
    const chip = page.locator('a.chip[href*="tag=allocator"]');
    assert.match(await chip.innerText(), /^分配器\s*\d+$/);
    if (how === "Accept-Language") {
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.screenshot({ path: join(docs, "search-zh.png") });
    }
    await close();
  });
}

test("English by default and by the cookie over a Chinese browser", async () => {
  for (const options of [{}, { locale: "zh-CN", cookie: "en" }]) {
    const { page, close } = await open(options);
    await page.goto(`${site.base}/`);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.locator("h1").innerText(), "What filled the GPU?");
    await close();
  }
});

test("the header's switch works without JavaScript and returns to the same page", async () => {
  const { page, close } = await open({ javaScript: false });
  await page.goto(`${site.base}/search?q=${encodeURIComponent("显存碎片")}`);
  assert.equal(await page.locator("h1").innerText(), "Search the knowledge base");
  await Promise.all([page.waitForURL(/\/search\?q=/), page.click("a.lang-switch-link")]);
  assert.equal(new URL(page.url()).searchParams.get("q"), "显存碎片");
  assert.equal(await page.locator("h1").innerText(), "搜索知识库");
  await Promise.all([page.waitForURL(/\/search\?q=/), page.click("a.lang-switch-link")]);
  assert.equal(await page.locator("h1").innerText(), "Search the knowledge base");
  await close();
});

for (const [name, path] of [["home", "/"], ["search", `/search?q=${encodeURIComponent("显存碎片")}`], ["guide", "/kb/fragmentation"]]) {
  test(`axe: the Chinese ${name} page has no violations of moderate impact or worse`, async () => {
    const { page, close } = await open({ locale: "zh-CN" });
    const response = await page.goto(`${site.base}${path}`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute("html", "lang"), "zh");
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const found = results.violations.filter((v) => ["moderate", "serious", "critical"].includes(v.impact));
    const report = found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(report, [], report.join("\n"));
    await close();
  });
}

test("axe and screenshots: the Chinese diagnosis at laptop and phone widths (and the English one for the README)", async () => {
  for (const width of [1280, 390]) {
    const english = await open({ locale: "en-US", width });
    await diagnoseExample(english.page);
    await english.page.screenshot({ path: join(docs, width === 1280 ? "result.png" : "result-phone.png"), fullPage: width !== 1280 });
    await english.close();
    const { page, close } = await open({ locale: "zh-CN", width });
    await diagnoseExample(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `overflows by ${overflow}px at ${width}px`);
    if (width === 1280) {
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const found = results.violations.filter((v) => ["moderate", "serious", "critical"].includes(v.impact));
      assert.deepEqual(found.map((v) => `${v.id}: ${v.help}`), []);
    }
    await page.screenshot({ path: join(docs, width === 1280 ? "result-zh.png" : "result-zh-phone.png"), fullPage: width !== 1280 });
    await close();
  }
});

test("a result page weighs under 100 KB (HTML + CSS) in Chinese too", async () => {
  const posted = await postForm(site.base, "/diagnose", { example: "pytorch-other-process" });
  const location = posted.headers.get("location");
  const html = await (await fetch(`${site.base}${location}`, { headers: { "accept-encoding": "identity", "accept-language": "zh-CN" } })).text();
  assert.ok(html.includes('<html lang="zh"'));
  const cssHref = html.match(/href="(\/assets\/style\.[0-9a-f]{10}\.css)"/)[1];
  const css = await (await fetch(`${site.base}${cssHref}`, { headers: { "accept-encoding": "identity" } })).text();
  const total = Buffer.byteLength(html) + Buffer.byteLength(css);
  console.log(`Chinese result page weight: HTML ${Buffer.byteLength(html)} B + CSS ${Buffer.byteLength(css)} B = ${total} B`);
  assert.ok(total < 100 * 1024, `${total} bytes`);
});
