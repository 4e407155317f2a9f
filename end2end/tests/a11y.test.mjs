// axe-core on the home, a result, search and a knowledge page: no serious or critical violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startSite, openPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

let site;
let resultPath;
before(async () => {
  site = await startSite();
  const form = new URLSearchParams({ example: "pytorch-other-process" });
  const posted = await fetch(`${site.base}/diagnose`, { method: "POST", body: form, redirect: "manual" });
  resultPath = posted.headers.get("location");
});
after(async () => { await site?.stop(); });

for (const [name, path] of [["home", () => "/"], ["result", () => resultPath], ["search", () => "/search?q=fragmentation"], ["knowledge page", () => "/kb/fragmentation-zh"]]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`${name} (${colorScheme}) has no serious or critical accessibility violations`, async () => {
      const context = await site.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${site.base}${path()}`);
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(report, [], report.join("\n"));
      await context.close();
    });
  }
}
