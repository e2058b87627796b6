/* The first load of the dashboard, from an empty cache: under 250 KB on the wire (gzip). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { BASE, ARTIFACTS, launch, open, loginForm, settled } from './helpers.mjs';

const LIMIT = 250 * 1024;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('log-in page, log-in and dashboard together transfer under 250 KB', async (t) => {
  const { context, page } = await open(browser);
  const done = [];
  page.on('requestfinished', (req) => done.push(req));
  await page.goto(`${BASE}/`);
  await loginForm(page, 'coordinator');
  await page.locator('.indicators').waitFor({ timeout: 20000 });
  await page.locator('.chart canvas').waitFor({ timeout: 10000 });
  await settled(page);
  await page.waitForLoadState('networkidle');
  let body = 0;
  let headers = 0;
  const rows = [];
  for (const req of done) {
    const s = await req.sizes();
    const res = await req.response();
    body += s.responseBodySize;
    headers += s.responseHeadersSize;
    rows.push(`${String(s.responseBodySize).padStart(8)} ${res ? res.headers()['content-encoding'] || '-' : '?'} ${req.url().replace(BASE, '')}`);
  }
  const report = `first load: ${body} bytes of bodies (${(body / 1024).toFixed(1)} KB), ${headers} bytes of headers, ${done.length} requests\n${rows.join('\n')}\n`;
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, 'first-load.txt'), report);
  t.diagnostic(`first load: ${(body / 1024).toFixed(1)} KB in ${done.length} requests`);
  const js = done.filter((r) => r.url().endsWith('.js') || r.url().endsWith('.mjs'));
  for (const r of js) {
    const res = await r.response();
    assert.equal(res.headers()['content-encoding'], 'gzip', `${r.url()} came compressed`);
  }
  assert.ok(body < LIMIT, report);
  await context.close();
});
