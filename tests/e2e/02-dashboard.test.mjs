/* The demo project's dashboard: indicators against targets, totals, breakdowns, budget. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, loginApi, screenshot, settled } from './helpers.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  ({ page } = await open(browser));
  await loginApi(page.context(), page, 'coordinator', '/dashboard');
  await page.locator('.indicators, .dashboard .notice.error').first().waitFor({ timeout: 20000 });
  await settled(page);
});
after(async () => { await browser.close(); });

test('the indicator of institutions visited shows 34 against a target of 20', async () => {
  const ind = page.locator('li.indicator', { hasText: 'Institutions visited' });
  assert.equal(await ind.count(), 1, 'the indicator is shown');
  assert.equal((await ind.locator('.ind-achieved').innerText()).trim(), '34');
  assert.equal((await ind.locator('.ind-target').innerText()).trim(), '20');
  const bar = ind.locator('[role="progressbar"]');
  assert.equal(await bar.getAttribute('aria-valuemax'), '20');
});

test('the totals show 34 institutions, 690 youths and 141 specialists', async () => {
  const total = async (k) => (await page.locator(`[data-total="${k}"] dd`).innerText()).trim();
  assert.equal(await total('institutions_reached'), '34');
  assert.equal(await total('youths'), '690');
  assert.equal(await total('specialists'), '141');
});

test('the monthly chart is drawn, with its figures also as a table', async () => {
  await page.locator('.chart canvas').waitFor({ timeout: 10000 });
  const rows = await page.locator('section[aria-labelledby="h-mon"] tbody tr').count();
  assert.ok(rows >= 12, `a row per month (${rows})`);
});

test('breakdowns by kind and by municipality, with the municipalities not reached', async () => {
  assert.ok(await page.locator('section[aria-labelledby="h-kind"] tbody tr').count() >= 1);
  assert.equal(await page.locator('section[aria-labelledby="h-mun"] tbody tr').count(), 60);
  const notReached = await page.locator('ul.not-reached li').count();
  assert.ok(notReached > 0 && notReached < 60, `some municipalities not reached (${notReached})`);
});

test('the budget per partner lists Lithuanian Caritas with EUR 30,209', async () => {
  const row = page.locator('section[aria-labelledby="h-bud"] tr', { hasText: 'Lithuanian Caritas' });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /€30,209\.00/);
  assert.deepEqual(page.errors, []);
  await screenshot(page, 'dashboard');
});
