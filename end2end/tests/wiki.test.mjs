// The team wiki in a browser with JavaScript off: sign in, write a lab note from a diagnosis,
// edit it, find it in search, compare two revisions, restore the first. Screenshots of each step
// go to end2end/screenshots (looked at: the form, the page, the diff).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createRequire } from "node:module";
import { startSite, openPage, addUser, signIn, screenshotDir, root } from "./harness.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let site;
before(async () => {
  site = await startSite();
  addUser(site, "ana", "editor");
});
after(async () => { await site?.stop(); });

const PASTE = "epoch 3 step 120\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.10 GiB is free. Of the allocated memory 18.00 GiB is allocated by PyTorch, and 3.50 GiB is reserved by PyTorch but unallocated.";

test("[no-js] sign in, write a note from a diagnosis, edit, search, compare, restore", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: false });
  await signIn(page, site.base, "ana");
  assert.equal(await page.locator(".account-name").innerText(), "ana");

  // paste, then write a note from the result
  await page.fill("#paste", PASTE);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]+$/), page.click(".paste-actions button[type=submit]")]);
  await Promise.all([page.waitForURL(/\/new\?from=/), page.click("text=Write a lab note from this")]);
  assert.match(await page.inputValue("#title"), /^Lab note: /);
  assert.match(await page.inputValue("#addresses"), /fragmentation/);
  const body = await page.inputValue("#body");
  assert.match(body, /```text\nepoch 3 step 120\ntorch\.OutOfMemoryError/);
  await page.fill("#slug", "our-first-oom");
  await page.fill("#body", `${body}Set expandable_segments and the wombatfix flag; the run fits.\n`);
  await page.screenshot({ path: join(screenshotDir, "wiki-new-from-diagnosis.png"), fullPage: true });
  await Promise.all([page.waitForURL(`${site.base}/kb/our-first-oom`), page.click("button[value=save]")]);
  assert.match(await page.locator(".prose").innerText(), /wombatfix flag/);

  // edit a line
  await Promise.all([page.waitForURL(/\/edit$/), page.click(".page-tools >> text=Edit")]);
  const text = await page.inputValue("#body");
  await page.fill("#body", text.replace("the run fits.", "the run fits at batch 48."));
  await page.fill("#comment", "batch size that worked");
  await Promise.all([page.waitForURL(`${site.base}/kb/our-first-oom`), page.click("button[value=save]")]);
  assert.match(await page.locator(".prose").innerText(), /batch 48/);
  await page.screenshot({ path: join(screenshotDir, "wiki-page.png"), fullPage: true });

  // search finds it at once
  await page.goto(`${site.base}/search?q=wombatfix`);
  assert.equal(await page.locator('.hits a[href="/kb/our-first-oom"]').count() > 0, true);

  // history and the diff of the two revisions
  await page.goto(`${site.base}/kb/our-first-oom/history`);
  assert.equal(await page.locator("table.history tbody tr").count(), 2);
  await Promise.all([page.waitForURL(/\/compare\?/), page.click("text=Compare the chosen revisions")]);
  assert.equal(await page.locator("tr.diff-added mark").first().innerText(), "fits at batch 48.");
  await page.screenshot({ path: join(screenshotDir, "wiki-compare.png"), fullPage: true });
  // the README's picture of a comparison
  await page.screenshot({ path: join(root, "docs", "screenshots", "wiki-compare.png") });

  // restore the first revision: a third revision with the first text
  await page.goto(`${site.base}/kb/our-first-oom/history`);
  await Promise.all([page.waitForURL(`${site.base}/kb/our-first-oom`), page.click("table.history tbody tr:nth-child(2) button:has-text('Restore')")]);
  assert.doesNotMatch(await page.locator(".prose").innerText(), /batch 48/);
  await page.goto(`${site.base}/kb/our-first-oom/history`);
  assert.equal(await page.locator("table.history tbody tr").count(), 3);
  await page.screenshot({ path: join(screenshotDir, "wiki-history.png"), fullPage: true });
  await close();
});

test("[no-js] an anonymous reader is sent to sign in to edit, and sees no edit buttons that work without it", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: false });
  await page.goto(`${site.base}/kb/fragmentation/edit`);
  assert.match(page.url(), /\/signin\?next=%2Fkb%2Ffragmentation%2Fedit$/);
  await page.fill("#name", "ana");
  await page.fill("#password", "correct horse battery");
  await Promise.all([page.waitForURL(`${site.base}/kb/fragmentation/edit`), page.click("button[type=submit].primary")]);
  assert.equal(await page.inputValue("#slug"), "fragmentation");
  await page.screenshot({ path: join(screenshotDir, "wiki-edit-built-in.png"), fullPage: true });
  await close();
});

test("the wiki's pages have no accessibility violations of moderate impact or worse", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await site.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    for (const [path, signedIn] of [["/signin", false], ["/new", true], ["/kb/our-first-oom/edit", true], ["/kb/our-first-oom/history", true], ["/kb/our-first-oom/compare?from=1&to=2", true], ["/recent", true]]) {
      if (signedIn && !(await page.locator(".account-name").count())) await signIn(page, site.base, "ana");
      const response = await page.goto(`${site.base}${path}`);
      assert.equal(response.status(), 200, path);
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const found = results.violations.filter((v) => ["moderate", "serious", "critical"].includes(v.impact));
      const report = found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(report, [], `${path} (${colorScheme}):\n${report.join("\n")}`);
    }
    await context.close();
  }
});

test("[no-js] the wiki's pages in Chinese, at laptop and phone widths", async () => {
  for (const [width, height, name] of [[1280, 900, "zh"], [390, 844, "zh-phone"]]) {
    const { page, close } = await openPage(site.browser, { javaScript: false, width, height });
    await page.context().addCookies([{ name: "oomlens_lang", value: "zh", url: site.base }]);
    await page.goto(`${site.base}/signin`);
    assert.equal(await page.locator("h1").innerText(), "登录");
    await page.fill("#name", "ana");
    await page.fill("#password", "correct horse battery");
    await Promise.all([page.waitForURL(`${site.base}/`), page.click("button[type=submit].primary")]);
    await page.goto(`${site.base}/kb/our-first-oom/edit`);
    assert.equal(await page.locator("label[for=body]").innerText(), "正文（markdown）");
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.equal(await fits(), true, "the edit form fits the width");
    await page.screenshot({ path: join(screenshotDir, `wiki-edit-${name}.png`), fullPage: true });
    if (name === "zh") await page.screenshot({ path: join(root, "docs", "screenshots", "wiki-edit-zh.png") });
    await page.goto(`${site.base}/kb/our-first-oom/history`);
    assert.match(await page.locator("h1").innerText(), /的历史$/);
    assert.equal(await fits(), true, "the history fits the width (its table scrolls inside)");
    await page.screenshot({ path: join(screenshotDir, `wiki-history-${name}.png`), fullPage: true });
    await close();
  }
});
