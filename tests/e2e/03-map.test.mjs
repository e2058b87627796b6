/* The map of visited institutions: points, legend, popups, the offline outline. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, loginApi, screenshot } from './helpers.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  ({ page } = await open(browser));
  await loginApi(page.context(), page, 'coordinator', '/map');
  await page.locator('.map-count, main .notice.error').first().waitFor({ timeout: 20000 });
});
after(async () => { await browser.close(); });

test('the map shows the 34 visited institutions', async () => {
  await page.locator('path.ecat-marker').first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('path.ecat-marker').count(), 34);
  assert.match(await page.locator('.map-count').innerText(), /\b34\b/);
});

test('points are coloured by kind, with a legend', async () => {
  const kinds = await page.locator('.legend li').count();
  assert.ok(kinds >= 1, 'the legend lists kinds');
  const fills = new Set(await page.locator('path.ecat-marker').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill'))));
  assert.equal(fills.size, kinds, 'one colour per kind in the legend');
});

test('without tiles the bundled outline is drawn under the points', async () => {
  assert.ok(await page.locator('path.ecat-outline').count() >= 1);
  assert.equal(await page.locator('.leaflet-tile').count(), 0, 'no tile was asked for');
});

test('a popup gives the name, visits and head-counts', async () => {
  await page.locator('path.ecat-marker').first().click({ force: true });
  const popup = page.locator('.leaflet-popup-content .popup');
  await popup.waitFor();
  assert.ok((await popup.locator('.popup-title').innerText()).trim().length > 0);
  assert.match(await popup.innerText(), /Visits/);
  assert.deepEqual(page.errors, []);
  await page.keyboard.press('Escape');
  await screenshot(page, 'map');
});

test('filtering by kind narrows the points', async () => {
  const first = await page.locator('.legend li').first().innerText();
  await page.locator('#map-kind').selectOption({ label: first.trim() });
  await page.waitForFunction(() => document.querySelectorAll('path.ecat-marker').length < 34, null, { timeout: 10000 });
  assert.ok(await page.locator('path.ecat-marker').count() > 0);
});
