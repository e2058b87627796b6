/* Lithuanian, English and Italian: the browser's language first, then the user's choice, kept. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginForm, apiCall } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const SUBMIT = { lt: 'Prisijungti', en: 'Log in', it: 'Accedi' };

test('a Lithuanian browser gets Lithuanian, an English one English, an Italian one Italian', async () => {
  for (const [locale, lang] of [['lt-LT', 'lt'], ['en-US', 'en'], ['it-IT', 'it'], ['de-DE', 'en']]) {
    const { context, page } = await open(browser, { locale });
    await page.goto(`${BASE}/`);
    await page.locator('form button[type="submit"]').waitFor();
    assert.equal((await page.locator('form button[type="submit"]').innerText()).trim(), SUBMIT[lang], locale);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await context.close();
  }
});

test('dates and numbers follow the language', async () => {
  const { context, page } = await open(browser, { locale: 'lt-LT' });
  await page.goto(`${BASE}/`);
  await loginForm(page, 'viewer');
  await page.goto(`${BASE}/#/account`);
  await page.locator('main h1').waitFor();
  assert.equal((await page.locator('main h1').innerText()).trim(), 'Mano paskyra');
  const formatted = await page.evaluate(async () => {
    const m = await import('/js/i18n.js');
    return [m.fmtNumber(1234567), m.fmtDate('2013-10-05')];
  });
  assert.equal(formatted[0].replace(/\s/g, ' '), '1 234 567');
  assert.match(formatted[1], /2013/);
  await context.close();
});

test('switching language sticks across reloads and follows the user to another browser', async () => {
  const { context, page } = await open(browser, { locale: 'en-GB' });
  await page.goto(`${BASE}/`);
  await loginForm(page, 'viewer');
  await page.locator('#lang-top').selectOption('it');
  await page.getByRole('button', { name: 'Esci' }).waitFor();
  await page.reload();
  await page.locator('header.top').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Esci' }).isVisible(), 'Italian after a reload');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'it');

  const other = await open(browser, { locale: 'en-GB' });
  await other.page.goto(`${BASE}/`);
  await loginForm(other.page, 'viewer');
  assert.ok(await other.page.getByRole('button', { name: 'Esci' }).isVisible(), 'Italian in a fresh browser');

  await other.page.locator('#lang-top').selectOption('lt');
  await other.page.getByRole('button', { name: 'Atsijungti' }).waitFor();
  await other.page.locator('#lang-top').selectOption('en');
  await other.page.getByRole('button', { name: 'Log out' }).waitFor();
  await other.context.close();

  /* Leave the demo user as the other tests expect it: following the browser. */
  const csrf = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).csrf_token);
  const r = await apiCall(context, csrf, 'PUT', '/session/locale', { locale: null });
  assert.equal(r.status, 200);
  assert.deepEqual(page.errors, []);
  await context.close();
});
