// Script, event-handler, javascript: and meta-refresh payloads in every field of a wiki page, then every page
// that shows them opened in Chromium with JavaScript on: preview, the page, a refused form (422),
// a conflict (409), history, compare, recent changes, search, the tag list. Zero executions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, openPage, addUser, signIn } from "./harness.mjs";

let site;
before(async () => {
  site = await startSite();
  addUser(site, "mallory", "editor");
});
after(async () => { await site?.stop(); });

const HIT = "window.__xss=(window.__xss||0)+1";
const PAYLOADS = [
  `<script>${HIT}</script>`,
  `<img src=x onerror="${HIT}">`,
  `<svg onload="${HIT}"></svg>`,
  `" autofocus onfocus="${HIT}" x="`,
  `' onmouseover='${HIT}' x='`,
  `javascript:${HIT}`,
  `</textarea><script>${HIT}</script>`,
  `<iframe srcdoc="<script>parent.${HIT}</script>"></iframe>`,
  // not a script: markup that leaves its element (a title, a textarea) and sends the reader away
  `</title><meta http-equiv="refresh" content="0;url=/recent?pwned=1">`,
];
const ALL = PAYLOADS.join(" ");
const BODY = [
  "# Payload page",
  "",
  ...PAYLOADS,
  `[a link](javascript:${HIT})`,
  `<a href="javascript:${HIT}">raw link</a>`,
  `<div onclick="${HIT}" style="width:100px;height:100px">box</div>`,
  `![img](x" onerror="${HIT})`,
  "```html",
  `<script>${HIT}</script>`,
  "```",
  "",
].join("\n");

/** Opens `path` (or runs `act`) and counts executions: the flag, any dialog, and any navigation
 * a payload caused (`pwned` in the URL). */
async function executions(page, go) {
  let dialogs = 0;
  let sentAway = 0;
  const onDialog = (dialog) => { dialogs += 1; dialog.dismiss().catch(() => {}); };
  const onNavigation = (frame) => { if (frame.url().includes("pwned")) sentAway += 1; };
  page.on("dialog", onDialog);
  page.on("framenavigated", onNavigation);
  await go();
  await page.waitForTimeout(300);
  // hover and focus everything a handler could hang on
  await page.mouse.move(50, 50);
  await page.mouse.move(400, 300);
  const flag = await page.evaluate(() => window.__xss || 0);
  page.off("dialog", onDialog);
  page.off("framenavigated", onNavigation);
  return flag + dialogs + sentAway;
}

test("[js] no payload in any wiki field runs on any page that shows it", async () => {
  const { page, close } = await openPage(site.browser, { javaScript: true });
  await signIn(page, site.base, "mallory");
  const fill = async (slug) => {
    await page.fill("#title", `Payload ${ALL}`);
    if (slug !== null) await page.fill("#slug", slug);
    await page.fill("#tags", `lab, ${ALL}`);
    await page.fill("#addresses", `fragmentation, ${ALL}`);
    await page.fill("#translation", "");
    await page.fill("#summary", `Summary ${ALL}`);
    await page.fill("#patterns", PAYLOADS.map((p) => p.replace(/[()[\]\\|+*?{}^$.]/g, "\\$&")).join("\n"));
    await page.fill("#body", BODY);
    await page.fill("#comment", `comment ${ALL}`);
  };
  const seen = [];
  const check = async (what, go) => {
    const count = await executions(page, go);
    seen.push([what, count]);
  };

  await page.goto(`${site.base}/new`);
  await fill("xss-page");
  await check("preview", () => Promise.all([page.waitForLoadState("load"), page.click("button[value=preview]")]));
  // a refused form (a slug and a translation that are payloads) shows every field back
  await page.fill("#slug", `bad ${PAYLOADS[3]}`);
  await page.fill("#translation", PAYLOADS[4]);
  await check("422 form", () => Promise.all([page.waitForLoadState("load"), page.click("button[value=save]")]));
  await page.goto(`${site.base}/new`);
  await fill("xss-page");
  await check("save → page", () => Promise.all([page.waitForURL(`${site.base}/kb/xss-page`), page.click("button[value=save]")]));
  await check("page", () => page.goto(`${site.base}/kb/xss-page`));

  // a second revision, then a conflict that shows the payload body in the box and the diff
  await page.goto(`${site.base}/kb/xss-page/edit`);
  const stale = await page.inputValue("input[name=base]");
  await page.fill("#body", BODY.replace("# Payload page", "# Payload page, edited"));
  await Promise.all([page.waitForURL(`${site.base}/kb/xss-page`), page.click("button[value=save]")]);
  await page.goto(`${site.base}/kb/xss-page/edit`);
  await page.evaluate((base) => { document.querySelector("input[name=base]").value = base; }, stale);
  await page.fill("#body", BODY.replace("# Payload page", `# Payload page ${PAYLOADS[6]}`));
  await check("409 conflict", () => Promise.all([page.waitForLoadState("load"), page.click("button[value=save]")]));
  assert.match(await page.locator("h2").first().innerText(), /Someone else changed this page/);

  for (const path of [
    "/kb/xss-page/history",
    "/kb/xss-page/compare?from=1&to=2",
    "/recent",
    "/search?q=payload",
    "/kb?tag=lab",
    "/kb",
    "/kb/xss-page/edit",
  ]) {
    await check(path, () => page.goto(`${site.base}${path}`));
  }
  const total = seen.reduce((sum, [, n]) => sum + n, 0);
  console.log(`xss: ${PAYLOADS.length} payloads in 8 fields, ${seen.length} pages opened, ${total} executions`);
  assert.deepEqual(seen.filter(([, n]) => n > 0), [], "pages where a payload ran");
  assert.equal(seen.length, 12);
  await close();
});
