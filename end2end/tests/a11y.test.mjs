// axe-core on the home, a result, search, a knowledge page, a lab note and a paste's delete page: no violations of moderate
// impact or worse. Each page is checked to be the page meant (status 200, its heading) before the audit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startSite, root, postForm } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

let site;
let resultPath;
let deletePath;
before(async () => {
  site = await startSite(["--content", join(root, "tests", "fixtures", "lab-notes")]);
  const posted = await postForm(site.base, "/diagnose", { example: "pytorch-other-process" });
  resultPath = posted.headers.get("location");
  // the delete key travels in a cookie to the first view: the confirmation page's address from it
  const cookie = (posted.headers.getSetCookie?.() ?? []).find((c) => c.startsWith("oomlens_delete="));
  const [id, key] = cookie.split(";")[0].slice("oomlens_delete=".length).split(".");
  deletePath = `/d/${id}/delete?key=${key}`;
});
after(async () => { await site?.stop(); });

const PAGES = [
  ["home", () => "/", "What filled the GPU?"],
  ["result", () => resultPath, null],
  ["search", () => "/search?q=fragmentation", null],
  ["knowledge page", () => "/kb/fragmentation-zh", null],
  ["lab note", () => "/kb/serving-flask-inference", "Our Flask inference server slowly runs out of GPU memory"],
  ["delete a paste", () => deletePath, "Delete this paste?"],
];
const REPORTED = ["moderate", "serious", "critical"];

for (const [name, path, heading] of PAGES) {
  for (const colorScheme of ["light", "dark"]) {
    test(`${name} (${colorScheme}) has no accessibility violations of moderate impact or worse`, async () => {
      const context = await site.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      const response = await page.goto(`${site.base}${path()}`);
      assert.equal(response.status(), 200, `${name}: the page itself, not an error page`);
      assert.equal(await page.locator(".error-page, .not-found").count(), 0, `${name}: not an error page`);
      if (heading) assert.equal(await page.locator("h1").innerText(), heading);
      if (name === "result") assert.equal(await page.locator("section.result-head").count(), 1, "a result page");
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const found = results.violations.filter((v) => REPORTED.includes(v.impact));
      const report = found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(report, [], report.join("\n"));
      await context.close();
    });
  }
}
