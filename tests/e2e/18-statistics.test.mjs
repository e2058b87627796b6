/*
 * Case statistics in the browser: a viewer reads the tables, suppressed
 * counts are shown as a marked dash with the reason given, never a number,
 * and the screen is not offered to roles without `case.statistics`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, settled, axeSerious } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a viewer reads case statistics with suppressed counts marked and explained', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'viewer', '/statistics');
  await page.locator('h2#h-exploitation_type_by_gender').waitFor({ timeout: 15000 });
  await settled(page);
  const api = await (await context.request.get(`${BASE}/api/v1/cases/statistics`)).json();
  const hidden = api.tables.reduce((n, tb) => n + tb.suppressed, 0);
  assert.ok(hidden > 0, 'the demo cases are few: some counts are suppressed');
  assert.equal(await page.locator('.suppressed').count(), hidden, 'each suppressed count shown as a dash');
  assert.match(await page.locator('#stats-legend').innerText(), new RegExp(`1 to ${api.k} − 1`));
  /* No number stands where the API gave none. */
  for (const text of await page.locator('.suppressed').allInnerTexts()) assert.doesNotMatch(text, /\d/);
  assert.deepEqual(await axeSerious(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('an outreach worker is not offered case statistics', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'outreach', '/statistics');
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('nav.main-nav a[href="#/statistics"]').count(), 0);
  assert.equal(await page.locator('h2#h-gender').count(), 0);
  await context.close();
});
