/*
 * Shared by the browser tests: Debian's Chromium through playwright-core,
 * logging in, axe-core, and where screenshots go.  The base URL of the
 * running `ecat serve` comes from ECAT_E2E_URL (tests/e2e/run.sh).
 */
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BASE = process.env.ECAT_E2E_URL || 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.ECAT_E2E_ARTIFACTS || path.join(here, '..', 'artifacts');

export const USERS = {
  admin: 'demo-admin-pass-2013',
  coordinator: 'demo-coordinator-2013',
  outreach: 'demo-outreach-2013',
  viewer: 'demo-viewer-pass-2013',
  auditor: 'demo-auditor-pass-2013',
};

/* Debian's Chromium, headless; every launch gets a fresh temporary profile. */
export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/*
 * A fresh context (cookies, storage) and page that record page errors and
 * dialogs.  opts: playwright context options (locale, viewport).
 */
export async function open(browser, opts = {}) {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('dialog', (d) => {
    page.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return { context, page };
}

/* Log in through the form on the page. */
export async function loginForm(page, login, password = USERS[login]) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('header.top').waitFor({ timeout: 15000 });
}

/* Log in through the API (the context's cookie jar), then open the route. */
export async function loginApi(context, page, login, route = '/') {
  const r = await context.request.post(`${BASE}/api/v1/session`, {
    data: { login, password: USERS[login] },
  });
  if (r.status() !== 200) throw new Error(`login ${login}: HTTP ${r.status()}`);
  await page.goto(`${BASE}/#${route}`);
  await page.locator('header.top').waitFor({ timeout: 15000 });
  return (await r.json()).csrf_token;
}

/* Calls to the API with the context's session (for setting up data). */
export async function apiCall(context, csrf, method, urlPath, data) {
  const r = await context.request.fetch(`${BASE}/api/v1${urlPath}`, {
    method,
    headers: csrf ? { 'X-CSRF-Token': csrf } : {},
    data,
  });
  let body = null;
  try {
    body = await r.json();
  } catch {
    body = null;
  }
  return { status: r.status(), body };
}

const require = createRequire(import.meta.url);
let axeSource = null;

/* axe-core's violations on the page with impact serious or critical. */
export async function axeSerious(page) {
  if (!axeSource) axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/* Wait until the screen has finished loading (no "Loading…" status left). */
export async function settled(page, timeout = 15000) {
  await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout });
}
