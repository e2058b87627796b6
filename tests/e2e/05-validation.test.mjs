/* A validation error from the API appears next to the field it names. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

/* The error shown beside the input: in the same field box, named by aria-describedby. */
async function errorBeside(page, input) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-invalid') === 'true', input, { timeout: 10000 });
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const ids = (el.getAttribute('aria-describedby') || '').split(' ');
    const err = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains('field-error'));
    return err && el.closest('.field').contains(err) ? err.textContent : null;
  }, input);
}

test('a wrong current password is shown next to that field, and focused', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'viewer', '/account');
  await page.locator('#account-current_password').fill('this is not it at all');
  await page.locator('#account-new_password').fill('a brand new passphrase 2024');
  await page.getByRole('button', { name: 'Change password' }).click();
  const msg = await errorBeside(page, '#account-current_password');
  assert.match(msg || '', /current password/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'account-current_password');
  assert.equal(await page.locator('#account-new_password').getAttribute('aria-invalid'), 'false');
  await context.close();
});

test('an empty required field is named before anything is sent', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'viewer', '/account');
  await page.getByRole('button', { name: 'Change password' }).click();
  assert.match(await errorBeside(page, '#account-current_password') || '', /Required/);
  assert.match(await errorBeside(page, '#account-new_password') || '', /Required/);
  await context.close();
});

test('an organisation with a latitude out of range: the message is beside the latitude', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'coordinator', '/organisations/new');
  await page.locator('#organisation-new-name').fill('Latitude test school');
  await page.locator('#organisation-new-kind').selectOption('school');
  await page.locator('#organisation-new-lat').fill('123');
  await page.locator('#organisation-new-lon').fill('23.9');
  await page.locator('form button[type="submit"]').click();
  assert.ok(await errorBeside(page, '#organisation-new-lat'), 'an error beside the latitude');
  assert.equal(await page.locator('#organisation-new-name').getAttribute('aria-invalid'), 'false');
  await context.close();
});

test('an activity with a negative head-count: the message is beside that count', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'outreach', '/activities/new');
  const picker = page.locator('#activity-new-organisation_id');
  await picker.fill('a');
  await page.locator('#activity-new-organisation_id-list [role="option"]').first().waitFor({ timeout: 10000 });
  await picker.press('Enter');
  await page.locator('#activity-new-youths').fill('-5');
  await page.locator('form button[type="submit"]').click();
  assert.ok(await errorBeside(page, '#activity-new-youths'), 'an error beside youths');
  await page.evaluate(() => localStorage.clear());
  await context.close();
});
