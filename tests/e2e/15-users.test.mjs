/* User administration: add a user, disable and enable, reset a password. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, apiCall } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function canLogIn(login, password) {
  const r = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  return r.status === 200;
}

test('an administrator adds a user, disables and enables them, and resets the password', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'admin', '/users/new');
  await page.locator('#user-new-login').fill('ruta');
  await page.locator('#user-new-display_name').fill('Rūta Petrauskienė');
  await page.locator('#user-new-organisation_id').fill('Caritas');
  await page.locator('#user-new-organisation_id-list [role="option"]').first().waitFor({ timeout: 10000 });
  await page.locator('#user-new-organisation_id').press('Enter');
  await page.locator('#user-new-role').selectOption('outreach_worker');
  await page.locator('#user-new-locale').selectOption('lt');
  await page.locator('#user-new-password').fill('short');
  await page.locator('form button[type="submit"]').click();
  await page.locator('#user-new-password[aria-invalid="true"]').waitFor({ timeout: 10000 });
  const drafted = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('ecat.draft.')).map(([, v]) => v).join(''));
  assert.ok(!drafted.includes('short'), 'passwords are never kept in drafts');
  await page.locator('#user-new-password').fill('vasaros stovykla 2015');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/users\/\d+$/.test(location.hash), null, { timeout: 10000 });
  assert.ok(await canLogIn('ruta', 'vasaros stovykla 2015'));

  await page.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('button', { name: 'Enable' }).waitFor({ timeout: 10000 });
  assert.equal(await canLogIn('ruta', 'vasaros stovykla 2015'), false, 'a disabled user cannot log in');
  await page.getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('button', { name: 'Disable' }).waitFor({ timeout: 10000 });

  await page.locator('input[autocomplete="new-password"]').fill('naujas slaptažodis 2016');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await page.getByText('The password has been reset.').waitFor({ timeout: 10000 });
  assert.ok(await canLogIn('ruta', 'naujas slaptažodis 2016'));
  assert.equal(await canLogIn('ruta', 'vasaros stovykla 2015'), false);

  const list = await apiCall(context, csrf, 'GET', '/users');
  const ruta = list.body.items.find((u) => u.login === 'ruta');
  assert.equal(ruta.role, 'outreach_worker');
  assert.equal(ruta.locale, 'lt');
  assert.deepEqual(page.errors, []);
  await context.close();
});
