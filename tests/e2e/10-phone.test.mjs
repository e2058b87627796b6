/* The quick activity form on a phone-sized screen (390 × 844, touch). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, loginApi, apiCall, screenshot, axeSerious } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('an outreach worker records a visit on a phone', async () => {
  const { context, page } = await open(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const csrf = await loginApi(context, page, 'outreach', '/activities/new');
  await page.locator('#activity-new-organisation_id').waitFor();
  const before = (await apiCall(context, csrf, 'GET', '/activities?limit=1')).body.total;

  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  for (const sel of ['#activity-new-date', '#activity-new-kind', '#activity-new-youths', 'form button[type="submit"]']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box.height >= 44, `${sel} is at least 44px tall for a finger (${box.height})`);
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${sel} fits the width`);
  }
  assert.equal(await page.locator('#activity-new-youths').getAttribute('inputmode'), 'numeric');

  await page.locator('#activity-new-organisation_id').tap();
  await page.locator('#activity-new-organisation_id').fill('o');
  const option = page.locator('#activity-new-organisation_id-list [role="option"]').first();
  await option.waitFor({ timeout: 10000 });
  const chosen = (await option.locator('.opt-name').innerText()).trim();
  await option.tap();
  assert.equal(await page.locator('#activity-new-organisation_id').inputValue(), chosen);
  const date = await page.locator('#activity-new-date').inputValue();
  const min = await page.locator('#activity-new-date').getAttribute('min');
  const max = await page.locator('#activity-new-date').getAttribute('max');
  assert.ok(date >= min && date <= max, `the date offered (${date}) lies within the project (${min} to ${max})`);
  await page.locator('#activity-new-kind').selectOption('discussion');
  await page.locator('#activity-new-youths').fill('17');
  await page.locator('#activity-new-specialists').fill('2');
  await page.getByLabel('Risks').check();
  await page.getByLabel('Help available').check();
  await page.locator('#activity-new-materials').fill('Leaflet "Safe work abroad"\nPoster');
  assert.match(await page.locator('.sum').innerText(), /19/);
  assert.deepEqual(await axeSerious(page), []);
  await screenshot(page, 'activity-form-phone');

  await page.locator('form button[type="submit"]').tap();
  await page.locator('.notice.success').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.notice.success').innerText(), new RegExp(chosen.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const after = await apiCall(context, csrf, 'GET', '/activities?limit=1');
  assert.equal(after.body.total, before + 1);
  const saved = after.body.items.find((a) => a.organisation_name === chosen && a.youths === 17) || after.body.items[0];
  assert.equal(saved.youths, 17);
  assert.deepEqual(saved.topics.slice().sort(), ['help_available', 'risks']);
  assert.deepEqual(saved.materials, ['Leaflet "Safe work abroad"', 'Poster']);
  assert.equal(await page.locator('#activity-new-youths').inputValue(), '', 'the form is ready for the next visit');
  assert.deepEqual(page.errors, []);
  await context.close();
});
