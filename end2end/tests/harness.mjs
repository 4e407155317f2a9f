// Starts the release binary on a free port with a fresh data folder, and a headless Chromium.
// Builds nothing: run `cargo build --release` first (.ci/run does).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const screenshotDir = join(root, "end2end", "screenshots");

const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(base, child) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`oomlens exited early with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("oomlens did not start within 30 s");
}

/** Starts oomlens and Chromium; returns { base, browser, stop }. */
export async function startSite(extraArgs = []) {
  const binary = process.env.OOMLENS_BIN || join(root, "target", "release", "oomlens");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run cargo build --release first`);
  const data = mkdtempSync(join(tmpdir(), "oomlens-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--data", join(data, "data"), ...extraArgs], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  await waitUntilUp(base, child);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    base,
    browser,
    binary,
    data: join(data, "data"),
    log: () => log,
    async stop() {
      await browser.close();
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** A page in a fresh context; `javaScript: false` gives the JavaScript-off project. */
export async function openPage(browser, { javaScript = true, width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width, height } });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** Adds a wiki user to the site's data folder with `oomlens user add` (password on stdin). */
export function addUser(site, name, role, password = "correct horse battery") {
  const result = spawnSync(site.binary, ["user", "add", name, "--role", role, "--data", site.data], { input: `${password}\n` });
  if (result.status !== 0) throw new Error(`user add ${name}: ${result.stderr}`);
  return password;
}

/** Signs `page` in through the form, as a person does (JavaScript on or off). */
export async function signIn(page, base, name, password = "correct horse battery") {
  await page.goto(`${base}/signin`);
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit].primary")]);
}

/** Posts a form as a browser would: the home page's CSRF token in the form, its cookie sent back. */
export async function postForm(base, path, fields) {
  const home = await fetch(`${base}/`);
  const cookie = (home.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const token = (await home.text()).match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const body = new URLSearchParams({ ...fields, csrf: token });
  return fetch(`${base}${path}`, { method: "POST", body, redirect: "manual", headers: { cookie } });
}
