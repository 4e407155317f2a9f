// A lab's own notes in the browser: a note's page, the knowledge base listing it with its badge,
// and a paste that brings it up under "From your lab's notes". The notes are our own sample lab
// folder, tests/fixtures/lab-notes (markdown, plain text, rst, Chinese file names).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startSite, openPage, root, screenshotDir } from "./harness.mjs";

let site;
before(async () => { site = await startSite(["--content", join(root, "tests", "fixtures", "lab-notes")]); });
after(async () => { await site?.stop(); });

for (const javaScript of [true, false]) {
  const project = javaScript ? "js" : "no-js";

  test(`[${project}] a lab note is a page with its badge, its log kept as written`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    const response = await page.goto(`${site.base}/kb/nanogpt-logits`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator("h1").innerText(), "nanoGPT: the logits tensor is the biggest single allocation");
    assert.equal(await page.locator(".lab-badge").innerText(), "lab note");
    assert.match(await page.locator("pre").first().innerText(), /Traceback \(most recent call last\)/);
    await page.screenshot({ path: join(screenshotDir, `lab-note-1280-${project}.png`), fullPage: true });
    await close();
  });

  test(`[${project}] the knowledge base lists the lab's notes of a tag with the lab badge`, async () => {
    const { page, close } = await openPage(site.browser, { javaScript });
    const response = await page.goto(`${site.base}/kb?tag=serving`);
    assert.equal(response.status(), 200);
    const note = page.locator('a[href="/kb/serving-flask-inference"]');
    assert.equal(await note.count(), 1);
    const item = page.locator("li", { has: note });
    assert.equal(await item.locator(".lab-badge").innerText(), "lab");
    await close();
  });
}

test("a paste about the lab's Flask server lists its note under the lab's notes", async () => {
  const { page, close } = await openPage(site.browser);
  const text = readFileSync(join(root, "tests", "fixtures", "seeds", "003_flask_two_messages_and_smi_row.txt"), "utf8");
  await page.goto(`${site.base}/`);
  await page.fill("textarea#paste", text);
  await Promise.all([page.waitForURL(/\/d\/[0-9a-f]{12}$/), page.click("button.button.primary[type=submit]")]);
  assert.equal(await page.locator("h2#lab-notes-heading").innerText(), "From your lab's notes");
  const links = await page.locator("section.lab-notes a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes("/kb/serving-flask-inference"), JSON.stringify(links));
  await page.screenshot({ path: join(screenshotDir, "result-lab-notes-1280.png"), fullPage: true });
  await close();
});
