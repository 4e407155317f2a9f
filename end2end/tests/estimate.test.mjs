// The estimator in a browser with JavaScript off: from a diagnosis, "Estimate this run" opens the
// form with the card and the stated batch and sequence filled in; choosing a model and submitting
// (a GET form) draws the parts on the capacity bar; a wrong field is named and keeps what was
// typed. axe on the answer in light and dark. Screenshots looked at: laptop, phone, Chinese.
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

test("[no-js] a diagnosis opens the estimator filled in, and the form answers", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: false });
  await page.goto(`${site.base}/`);
  await page.fill("#paste", LOG);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]+$/), page.click(".paste-actions button[type=submit]")]);
  await Promise.all([page.waitForURL(/\/estimate\?/), page.locator("a[href^='/estimate?']").first().click()]);
  assert.equal(await page.inputValue("#est-gpu_memory"), "11.69 GiB");
  assert.equal(await page.inputValue("#est-batch"), "64");
  assert.equal(await page.inputValue("#est-sequence"), "1024");
  // nanoGPT's model, trained in bf16 with AdamW on the card the message names
  await page.selectOption("#est-model", "nanogpt-124m");
  await Promise.all([page.waitForURL(/model=nanogpt-124m/), page.click(".estimate-form button[type=submit]")]);
  assert.match(await page.locator("#estimate-headline").innerText(), /^Does not fit: .* more than the card's 11\.69 GiB\.$/);
  const segments = await page.locator("#main .capacity-bar [data-segment]").evaluateAll(
    (nodes) => nodes.map((n) => n.getAttribute("data-segment")));
  assert.deepEqual(segments, ["weights", "gradients", "optimizer", "activations", "logits", "cuda_context"]);
  assert.notEqual(await page.locator("[data-figure='largest-batch']").innerText(), "0");
  await page.screenshot({ path: join(screenshotDir, "estimate-laptop.png"), fullPage: true });
  // a wrong field: named at the top, linked to the field, what was typed kept
  await page.fill("#est-batch", "-4");
  await Promise.all([page.waitForURL(/batch=-4/), page.click(".estimate-form button[type=submit]")]);
  assert.equal(await page.locator(".error-summary a[href='#est-batch']").innerText(), "Micro-batch: must be between 1 and 65536.");
  assert.equal(await page.getAttribute("#est-batch", "aria-invalid"), "true");
  assert.equal(await page.inputValue("#est-batch"), "-4");
  await close();
});

test("the answer passes axe, and reads on a phone and in Chinese", async () => {
  const url = `${site.base}/estimate?model=llama-2-7b&weights=nf4&lora_rank=8&sequence=1304&gpu=RTX+4090&effective_batch=64`;
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
  const phone = await site.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh;q=0.9" } });
  const page = await phone.newPage();
  await page.goto(url);
  assert.equal(await page.locator("#estimate-headline").innerText(), "装得下：需要 10.79 GiB，RTX 4090 共 23.99 GiB，还剩 13.20 GiB。");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, "nothing wider than the phone");
  await page.screenshot({ path: join(screenshotDir, "estimate-phone-zh.png"), fullPage: true });
  await phone.close();
});
