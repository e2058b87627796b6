/* axe-core on every screen: no serious or critical violation. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, axeSerious, settled, apiCall } from './helpers.mjs';

let browser;
const pages = {};
const csrf = {};
before(async () => {
  browser = await launch();
  for (const login of ['coordinator', 'admin']) {
    pages[login] = await open(browser);
    csrf[login] = await loginApi(pages[login].context, pages[login].page, login, '/account');
  }
});
after(async () => { await browser.close(); });

async function check(login, route, ready) {
  const { page } = pages[login];
  await page.goto(`${BASE}/#${route}`);
  await page.locator('main h1').first().waitFor({ timeout: 15000 });
  await settled(page);
  if (ready) await page.locator(ready).first().waitFor({ timeout: 15000 });
  const found = await axeSerious(page);
  assert.deepEqual(found, [], `${route}: ${found.join('\n')}`);
}

test('log-in screen', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/`);
  await page.locator('input[name="login"]').waitFor();
  assert.deepEqual(await axeSerious(page), []);
  await page.locator('form button[type="submit"]').click();
  await page.locator('.field-error').first().waitFor();
  assert.deepEqual(await axeSerious(page), [], 'with field errors shown');
  await context.close();
});

test('dashboard', () => check('coordinator', '/dashboard', '.indicators'));
test('map', () => check('coordinator', '/map', 'path.ecat-marker'));
test('organisations list', () => check('coordinator', '/organisations', 'table.list'));
test('organisation page', async () => {
  const r = await apiCall(pages.coordinator.context, csrf.coordinator, 'GET', '/organisations?visited=true&limit=1');
  assert.equal(r.status, 200);
  await check('coordinator', `/organisations/${r.body.items[0].id}`, 'dl.details');
});
test('organisation form', () => check('coordinator', '/organisations/new', 'form'));
test('activities list', () => check('coordinator', '/activities', 'table.list'));
test('activity form', () => check('coordinator', '/activities/new', 'form'));
test('projects list', () => check('coordinator', '/projects', 'table.list'));
test('project tabs', async () => {
  const r = await apiCall(pages.coordinator.context, csrf.coordinator, 'GET', '/projects');
  assert.equal(r.status, 200);
  const id = r.body.items[0].id;
  for (const tab of ['', 'partners', 'expenses', 'indicators']) {
    /* the administrator is offered every form; the coordinator (not at the lead partner) reads */
    await check('admin', `/projects/${id}${tab ? `?tab=${tab}` : ''}`, 'form');
    await check('coordinator', `/projects/${id}${tab ? `?tab=${tab}` : ''}`, 'main section, main dl');
  }
});
test('CSV import', () => check('coordinator', '/import', 'form'));
test('account', () => check('coordinator', '/account', 'form'));
test('users list', () => check('admin', '/users', 'table.list'));
test('user page', async () => {
  const r = await apiCall(pages.admin.context, csrf.admin, 'GET', '/users?role=viewer');
  await check('admin', `/users/${r.body.items[0].id}`, 'form');
});
test('new user form', () => check('admin', '/users/new', 'form'));
