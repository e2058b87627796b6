/* Text typed by users is shown as text: markup in a name runs nothing and creates no element. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, apiCall, settled } from './helpers.mjs';

const EVIL = '<img src=x onerror=alert(1)>';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function assertInert(page, where) {
  await page.waitForTimeout(300);
  assert.deepEqual(page.dialogs, [], `${where}: no dialog`);
  assert.deepEqual(page.errors, [], `${where}: no page error`);
  const imgs = await page.evaluate(() => [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')));
  assert.ok(!imgs.includes('x'), `${where}: no img element from the name`);
  assert.ok(await page.getByText(EVIL, { exact: false }).first().isVisible(), `${where}: the characters are shown`);
}

test('a user named with markup: the users list and the user page show the characters', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'admin', '/users');
  const list = await apiCall(context, csrf, 'GET', '/users?role=viewer');
  const viewer = list.body.items.find((u) => u.login === 'viewer');
  const before = viewer.display_name;
  assert.equal((await apiCall(context, csrf, 'PATCH', `/users/${viewer.id}`, { display_name: EVIL })).status, 200);
  try {
    await page.reload();
    await page.locator('table.list').waitFor();
    await assertInert(page, 'users list');
    await page.goto(`${BASE}/#/users/${viewer.id}`);
    await page.locator('main h1').waitFor();
    await settled(page);
    assert.equal((await page.locator('main h1').innerText()).split('\n')[0].trim().startsWith(EVIL), true);
    await assertInert(page, 'user page');
  } finally {
    await apiCall(context, csrf, 'PATCH', `/users/${viewer.id}`, { display_name: before });
  }
  await context.close();
});

test('an organisation named with markup, created through the form, shows the characters everywhere', async () => {
  const { context, page } = await open(browser);
  await loginApi(context, page, 'coordinator', '/organisations/new');
  await page.locator('#organisation-new-name').fill(EVIL);
  await page.locator('#organisation-new-kind').selectOption('other');
  await page.locator('#organisation-new-notes').fill('<script>alert(2)</script>');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/organisations\/\d+$/.test(location.hash), null, { timeout: 10000 });
  await settled(page);
  assert.equal((await page.locator('main h1').innerText()).trim(), EVIL);
  assert.ok(await page.getByText('<script>alert(2)</script>').isVisible());
  await assertInert(page, 'organisation page');
  await page.goto(`${BASE}/#/organisations?q=${encodeURIComponent('img')}`);
  await page.locator('table.list').waitFor({ timeout: 10000 });
  await assertInert(page, 'organisations list');
  await context.close();
});
