// A paste's custody in a real browser with JavaScript off: the delete link shown on the first
// view only, how long the paste is kept, the confirmation page, and the paste gone after it.
// Also under --redact: the page says the paste was redacted. Screenshots in both languages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startSite, openPage, screenshotDir } from "./harness.mjs";

const MESSAGE =
  "(base) alice@gpu-node-07:~/proj$ python train.py\n" +
  "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.15 GiB is free. Including non-PyTorch memory, this process has 22.49 GiB memory in use. Of the allocated memory 20.87 GiB is allocated by PyTorch, and 1.13 GiB is reserved by PyTorch but unallocated.";

let site;
before(async () => { site = await startSite(["--redact"]); });
after(async () => { await site?.stop(); });

async function paste(page, text) {
  await page.goto(`${site.base}/`);
  await page.fill("textarea#paste", text);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]{12}$/), page.click("button.button.primary[type=submit]")]);
}

for (const [lang, width] of [["en", 1280], ["zh", 1280], ["en", 390]]) {
  test(`the delete link is shown once and deletes the paste (${lang}, ${width}px, JavaScript off)`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript: false, width, height: 900 });
    try {
      if (lang === "zh") await page.goto(`${site.base}/lang/zh?back=/`);
      const text = `${MESSAGE}\n(${lang} ${width})`;
      await paste(page, text);
      const result = page.url();
      const link = page.locator("a.delete-link");
      assert.equal(await link.count(), 1, "the delete link on the first view");
      const href = await link.getAttribute("href");
      assert.match(href, /^\/d\/[0-9a-f]{12}\/delete\?key=[0-9a-f]{64}$/);
      const custody = await page.locator("p.custody").innerText();
      assert.match(custody, lang === "zh" ? /保留到 \d{4}-\d\d-\d\d .*90 天/ : /kept until \d{4}-\d\d-\d\d .*\(90 days after/);
      assert.match(custody, lang === "zh" ? /用户名/ : /were replaced before it was stored/);
      assert.ok(!(await page.content()).includes("alice"), "redacted before it was stored");
      await page.locator(".delete-notice").screenshot({ path: join(screenshotDir, `paste-delete-link-${lang}-${width}.png`) });
      if (width < 500) await page.screenshot({ path: join(screenshotDir, `paste-result-phone-${lang}.png`), fullPage: false });

      // shown once
      await page.goto(result);
      assert.equal(await page.locator("a.delete-link").count(), 0, "not on the second view");

      // the link asks; the form deletes
      await page.goto(`${site.base}${href}`);
      assert.equal(await page.locator("h1").innerText(), lang === "zh" ? "删除这段粘贴？" : "Delete this paste?");
      await page.screenshot({ path: join(screenshotDir, `paste-delete-confirm-${lang}-${width}.png`) });
      await Promise.all([page.waitForURL(`${site.base}/?deleted`), page.click("button.danger")]);
      const notice = await page.locator("p.notice[role=status]").innerText();
      assert.equal(notice, lang === "zh" ? "这段粘贴已从服务器上删除。" : "The paste was deleted from this server.");
      const gone = await page.goto(result);
      assert.equal(gone.status(), 404);
    } finally {
      await close();
    }
  });
}
