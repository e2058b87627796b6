/* Logging in and out, by mouse and by keyboard; what each role is shown. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginForm } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a wrong password is refused with a message; the one-time code field stays hidden', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/`);
  await page.locator('input[name="login"]').fill('nobody-here');
  await page.locator('input[name="password"]').fill('not the password at all');
  await page.locator('form button[type="submit"]').click();
  await page.locator('.notice.error').waitFor();
  assert.match(await page.locator('.notice.error').innerText(), /wrong login or password/i);
  assert.equal(await page.locator('input[name="totp"]').count(), 0);
  assert.equal(await page.locator('header.top').count(), 0);
  await context.close();
});

test('logging in with the keyboard alone, with a visible focus', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/`);
  await page.locator('input[name="login"]').waitFor();
  const seen = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { name: el.name || el.id || el.tagName, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    seen.push(info);
    if (info.name === 'login') break;
  }
  const focused = seen[seen.length - 1];
  assert.equal(focused.name, 'login', `Tab reaches the login field (went through ${seen.map((s) => s.name).join(', ')})`);
  assert.notEqual(focused.outline, 'none', 'the focused field shows an outline');
  assert.ok(focused.width >= 2, 'the outline is at least 2px');
  await page.keyboard.type('coordinator');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo-coordinator-2013');
  await page.keyboard.press('Enter');
  await page.locator('header.top').waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('each role sees only what it may use', async () => {
  const expect = {
    admin: { has: ['#/users', '#/organisations', '#/projects'], lacks: [] },
    coordinator: { has: ['#/dashboard', '#/map', '#/organisations', '#/activities', '#/projects', '#/import', '#/statistics'], lacks: ['#/users'] },
    outreach: { has: ['#/activities', '#/organisations', '#/dashboard'], lacks: ['#/users', '#/statistics'] },
    viewer: { has: ['#/dashboard', '#/organisations', '#/statistics'], lacks: ['#/users', '#/import'] },
    auditor: { has: [], lacks: ['#/users', '#/dashboard', '#/organisations', '#/import', '#/statistics'] },
  };
  for (const [login, { has, lacks }] of Object.entries(expect)) {
    const { context, page } = await open(browser);
    await page.goto(`${BASE}/`);
    await loginForm(page, login);
    const links = await page.locator('nav.main-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const h of has) assert.ok(links.includes(h), `${login} sees ${h} (has ${links.join(' ')})`);
    for (const h of lacks) assert.ok(!links.includes(h), `${login} does not see ${h}`);
    await context.close();
  }
});

test('logging out returns to the log-in form, and the session is over', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/`);
  await loginForm(page, 'viewer');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.locator('input[name="login"]').waitFor();
  const r = await context.request.get(`${BASE}/api/v1/session`);
  assert.equal(r.status(), 401);
  await context.close();
});
