/* When the session ends, what was typed in an open form is kept and comes back after logging in. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, loginApi, loginForm, apiCall, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function drafts(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ecat.draft.')));
}

/* The session ends on the server's side: the cookie no longer opens one. */
async function endSession(context) {
  await context.clearCookies();
}

test('editing a user: the typed name survives the session ending and is saved after logging in', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'admin', '/users');
  const viewer = (await apiCall(context, csrf, 'GET', '/users?role=viewer')).body.items.find((u) => u.login === 'viewer');
  await page.goto(`${page.url().split('#')[0]}#/users/${viewer.id}`);
  await settled(page);
  const field = page.locator(`#user-${viewer.id}-display_name`);
  await field.fill('Viewer, renamed while the session ended');
  assert.equal((await drafts(page)).length, 1, 'a draft is kept while typing');

  await endSession(context);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('input[name="login"]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.login .notice').innerText(), /session has ended/i);

  await loginForm(page, 'admin');
  await field.waitFor({ timeout: 10000 });
  assert.equal(await field.inputValue(), 'Viewer, renamed while the session ended', 'the draft is back');
  assert.ok(await page.getByText('Your unsaved changes have been restored.').isVisible());
  await page.locator('form button[type="submit"]').first().click();
  await page.getByText('Saved.').waitFor({ timeout: 10000 });
  assert.deepEqual(await drafts(page), [], 'the draft is gone once saved');

  const csrf2 = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).csrf_token);
  const after = await apiCall(context, csrf2, 'GET', `/users/${viewer.id}`);
  assert.equal(after.body.display_name, 'Viewer, renamed while the session ended');
  await apiCall(context, csrf2, 'PATCH', `/users/${viewer.id}`, { display_name: viewer.display_name });
  await context.close();
});

test('a new organisation: the form comes back filled in after logging in again', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'coordinator', '/organisations/new');
  await page.locator('#organisation-new-name').fill('Draft test youth centre');
  await page.locator('#organisation-new-kind').selectOption('youth_centre');
  await page.locator('#organisation-new-contact_name').fill('Ona Onaitė');

  await endSession(context);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="login"]').waitFor({ timeout: 10000 });
  await loginForm(page, 'coordinator');
  await page.locator('#organisation-new-name').waitFor();
  assert.equal(await page.locator('#organisation-new-name').inputValue(), 'Draft test youth centre');
  assert.equal(await page.locator('#organisation-new-kind').inputValue(), 'youth_centre');
  assert.equal(await page.locator('#organisation-new-contact_name').inputValue(), 'Ona Onaitė');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/organisations\/\d+$/.test(location.hash), null, { timeout: 10000 });
  assert.deepEqual(await drafts(page), []);
  await context.close();
});

test('logging out clears the drafts of the user', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'coordinator', '/organisations/new');
  await page.locator('#organisation-new-name').fill('Left unsaved');
  assert.equal((await drafts(page)).length, 1);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.locator('input[name="login"]').waitFor();
  assert.deepEqual(await drafts(page), []);
  await context.close();
});
