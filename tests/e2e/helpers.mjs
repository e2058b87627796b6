/*
 * Shared by the browser tests: Debian's Chromium through playwright-core,
 * logging in, axe-core, and where screenshots go.  The base URL of the
 * running `ecat serve` comes from ECAT_E2E_URL (tests/e2e/run.sh).
 */
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
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

/* A base32 key (RFC 4648, as the enrolment answer gives it) as bytes. */
export function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | abc.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/* The RFC 6238 code (HMAC-SHA1, 30 s, 6 digits) of key for the current step + offset. */
export function totpCode(key, offset = 0) {
  const step = Math.floor(Date.now() / 30000) + offset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[19] & 15;
  const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000;
  return String(n).padStart(6, '0');
}

/*
 * The keys of the users loginCase enrolled, and the last step each one used: the
 * server takes a code once, so each new code is of a later step (0 or +1 from now).
 */
const totpKeys = new Map();
const lastStep = new Map();
export async function nextCode(login) {
  const key = totpKeys.get(login);
  if (!key) throw new Error(`${login} has no two-factor key here`);
  for (;;) {
    /* Not at the very end of a 30-second step, so the code is still good when it arrives. */
    const left = 30 - (Math.floor(Date.now() / 1000) % 30);
    if (left < 4) await new Promise((res) => setTimeout(res, (left + 1) * 1000));
    const now = Math.floor(Date.now() / 30000);
    const last = lastStep.has(login) ? lastStep.get(login) : -1;
    if (last < now + 1) {
      const offset = last < now ? 0 : 1;
      lastStep.set(login, now + offset);
      return totpCode(key, offset);
    }
    await new Promise((res) => setTimeout(res, 5000));
  }
}

/*
 * A new user made by the administrator through the API: { login, password, id }.
 * organisation: the exact name of its organisation.
 */
let userSeq = 0;
export async function createUser(browser, role, organisation, stem = role) {
  const { context, page } = await open(browser);
  const r0 = await context.request.post(`${BASE}/api/v1/session`, { data: { login: 'admin', password: USERS.admin } });
  if (r0.status() !== 200) throw new Error(`admin login: HTTP ${r0.status()}`);
  const csrf = (await r0.json()).csrf_token;
  const orgs = await apiCall(context, csrf, 'GET', `/organisations?q=${encodeURIComponent(organisation)}&limit=20`);
  const org = orgs.body.items.find((o) => o.name === organisation);
  if (!org) throw new Error(`no organisation ${organisation}`);
  userSeq += 1;
  const login = `${stem}${Date.now() % 100000000}${userSeq}`;
  const password = `e2e case work ${login} pass`;
  const made = await apiCall(context, csrf, 'POST', '/users', { login, password, role, organisation_id: org.id, display_name: login });
  if (made.status !== 201) throw new Error(`create ${login}: HTTP ${made.status} ${JSON.stringify(made.body)}`);
  await page.close();
  await context.close();
  return { login, password, id: made.body.id, organisation_id: org.id };
}

/*
 * Log a case user in through the API and set up its two-factor login (the e2e
 * server requires it of the case roles): enrol, confirm with the RFC 6238 code
 * of the secret, then open the route with that cookie jar.  Returns the CSRF token.
 */
export async function loginCase(context, page, login, password, route = '/') {
  const r = await context.request.post(`${BASE}/api/v1/session`, { data: { login, password } });
  if (r.status() !== 200) throw new Error(`login ${login}: HTTP ${r.status()}`);
  const session = await r.json();
  const csrf = session.csrf_token;
  if (session.totp_enrolment_required) {
    const enrol = await apiCall(context, csrf, 'POST', '/session/totp', {});
    if (enrol.status !== 200 && enrol.status !== 201) throw new Error(`enrol ${login}: HTTP ${enrol.status}`);
    const key = base32(enrol.body.secret);
    totpKeys.set(login, key);
    const done = await apiCall(context, csrf, 'POST', '/session/totp/confirm', { totp: await nextCode(login) });
    if (done.status !== 200) throw new Error(`confirm ${login}: HTTP ${done.status} ${JSON.stringify(done.body)}`);
  }
  await page.goto(`${BASE}/#${route}`);
  await page.locator('header.top').waitFor({ timeout: 15000 });
  return csrf;
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
  /*
   * Quiet for a moment, not just now: a click that navigates renders the next
   * screen (and its "Loading…") a little later, so a check made at once would
   * still see the screen before it.  The token starts the quiet period afresh
   * for each call.
   */
  const token = Math.random();
  await page.waitForFunction((t) => {
    const now = performance.now();
    if (window.__ecatSettleToken !== t || document.querySelector('main .loading')) {
      window.__ecatSettleToken = t;
      window.__ecatQuietSince = now;
      return false;
    }
    return now - window.__ecatQuietSince >= 150;
  }, token, { timeout, polling: 25 });
}
