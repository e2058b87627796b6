/*
 * Victims' cases in the browser: registering a case and finding it, the case
 * page (consents, services, notes, referrals, the access log), the referral
 * inbox, notices, what other roles see, a phone's width, axe and drafts kept
 * in memory only.  Every case user here is made fresh by the administrator and
 * sets up two-factor login (the e2e server requires it of the case roles).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, launch, open, loginApi, loginCase, createUser, nextCode, apiCall, settled, axeSerious, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const CARITAS = 'Lithuanian Caritas';
const RAHAB = 'Rahab';

async function caseUser(role, org, opts = {}, route = '/') {
  const u = await createUser(browser, role, org);
  const { context, page } = await open(browser, opts);
  const csrf = await loginCase(context, page, u.login, u.password, route);
  return { ...u, context, page, csrf };
}

async function tab(page, name) {
  await page.locator('nav.tabs').getByRole('link', { name }).click();
  await settled(page);
}

async function noSideways(page, what) {
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: no sideways scrolling (${overflow}px too wide)`);
}

test('a case worker registers a case, keeps the draft across an expired session, and finds it', async () => {
  const w = await caseUser('case_worker', CARITAS, {}, '/cases');
  const { page, context } = w;
  await settled(page);
  assert.equal(await page.locator('main h1').innerText(), 'Cases');
  /* Identifying fields are not in the list. */
  assert.equal(await page.locator('table.list th', { hasText: /^Name$/ }).count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /Pavyzdytė/);

  await page.getByRole('link', { name: 'Register a case' }).click();
  await page.locator('#case-new-given_name').waitFor();
  await page.locator('#case-new-given_name').fill('Rasa');
  await page.locator('#case-new-family_name').fill('Bandomoji (e2e)');
  await page.locator('#case-new-birth_date').fill('2001-05-17');
  await page.locator('#case-new-gender').selectOption('feminine');
  await page.locator('#case-new-trafficking_status').selectOption('possible');
  await page.getByLabel('Forced labour').check();

  /* The draft lives in memory only: nothing of it in the browser's storage. */
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.doesNotMatch(stored, /Bandomoji|Rasa|2001-05-17/);

  /* The session ends on the server; the next call brings back the log-in, and after it the draft. */
  await context.request.delete(`${BASE}/api/v1/session`, { headers: { 'X-CSRF-Token': w.csrf } });
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="login"]').waitFor({ timeout: 15000 });
  await page.locator('input[name="login"]').fill(w.login);
  await page.locator('input[name="password"]').fill(w.password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="totp"]').waitFor();
  await page.locator('input[name="totp"]').fill(await nextCode(w.login));
  await page.locator('form button[type="submit"]').click();
  await page.locator('header.top').waitFor({ timeout: 15000 });
  await page.locator('#case-new-given_name').waitFor();
  assert.equal(await page.locator('#case-new-given_name').inputValue(), 'Rasa');
  assert.equal(await page.locator('#case-new-family_name').inputValue(), 'Bandomoji (e2e)');
  assert.ok(await page.getByLabel('Forced labour').isChecked());
  assert.match(await page.locator('main').innerText(), /unsaved changes have been restored/);

  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/cases\/\d+/.test(location.hash), null, { timeout: 10000 });
  await page.locator('.notice.success').waitFor();
  assert.equal(await page.locator('.notice.duplicate').count(), 0, 'no duplicate warning for a new person');
  const ref = /Case (\S+)/.exec(await page.locator('main h1').innerText())[1];
  assert.match(await page.locator('dl.details').first().innerText(), /Rasa Bandomoji \(e2e\)/);

  await page.locator('header.top').getByRole('link', { name: 'Cases' }).click();
  await page.locator('table.list').waitFor();
  await settled(page);
  const row = page.locator('table.list tbody tr', { hasText: ref });
  await row.waitFor();
  assert.match(await row.innerText(), /Possible|Active/);
  assert.match(await row.innerText(), /Forced labour/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Bandomoji/, 'no name in the list');

  await page.locator('#case-q').fill('bandomoji');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('table.list tbody tr', { hasText: 'Rasa Bandomoji (e2e)' }).waitFor({ timeout: 10000 });
  assert.doesNotMatch(await page.evaluate(() => location.hash), /bandomoji/i, 'the search is not put in the address');
  assert.deepEqual(await axeSerious(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the case page shows consents, services, notes and referrals, and takes a note', async () => {
  const w = await caseUser('case_worker', CARITAS);
  const { page, context, csrf } = w;
  const found = await apiCall(context, csrf, 'GET', '/cases?q=Ona');
  const ona = found.body.items.find((c) => c.family_name === 'Pavyzdytė (demo)');
  assert.ok(ona, 'the demo case of Ona');
  await page.goto(`${BASE}/#/cases/${ona.id}`);
  await settled(page);
  assert.match(await page.locator('dl.details').first().innerText(), /Ona Pavyzdytė \(demo\)/);
  assert.equal(await page.locator('nav.tabs').getByRole('link', { name: 'Access log' }).count(), 0, 'no access log for a case worker');
  assert.deepEqual(await axeSerious(page), []);

  await tab(page, 'Decisions');
  assert.match(await page.locator('.clock').innerText(), /recovery period/i);
  await tab(page, 'Consent');
  assert.ok(await page.locator('section[aria-labelledby="h-consents"] tbody tr').count() >= 1);
  assert.match(await page.locator('section[aria-labelledby="h-consents"] tbody').innerText(), /In force/);
  assert.deepEqual(await axeSerious(page), []);
  await tab(page, 'Services');
  assert.match(await page.locator('section[aria-labelledby="h-services"] tbody').innerText(), /Shelter[\s\S]*Rahab|Rahab[\s\S]*Shelter/);
  await tab(page, 'Referrals');
  assert.match(await page.locator('section[aria-labelledby="h-referrals"] tbody').innerText(), /Rahab[\s\S]*Accepted/);
  assert.deepEqual(await axeSerious(page), []);

  await tab(page, 'Notes');
  const notes = page.locator('ol.notes');
  assert.match(await notes.innerText(), /First meeting at the Vilnius office/);
  await page.locator(`#note-new-${ona.id}-body`).fill('Called back on Tuesday <b>(e2e)</b>');
  await page.locator(`#note-new-${ona.id}-visibility`).selectOption('shared');
  await page.getByRole('button', { name: 'Add a note' }).click();
  await notes.locator('li', { hasText: 'Called back on Tuesday <b>(e2e)</b>' }).waitFor({ timeout: 10000 });
  assert.match(await notes.locator('li', { hasText: 'Called back on Tuesday' }).innerText(), /Shared/);
  assert.equal(await notes.locator('b').count(), 0, 'note text is shown as text');
  const listed = await apiCall(context, csrf, 'GET', `/cases/${ona.id}/notes`);
  assert.ok(listed.body.items.some((n) => n.body === 'Called back on Tuesday <b>(e2e)</b>' && n.visibility === 'shared'));
  assert.deepEqual(await axeSerious(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();

  /* The owning agency's case manager sees who read the case. */
  const m = await caseUser('case_manager', CARITAS, {}, `/cases/${ona.id}?tab=access`);
  await settled(m.page);
  await m.page.locator('table.access-log tbody tr', { hasText: w.login }).first().waitFor({ timeout: 10000 });
  assert.deepEqual(await axeSerious(m.page), []);
  assert.deepEqual(m.page.errors, []);
  await m.context.close();
});

test('a referral made on the case page is accepted from the receiving agency\'s inbox', async () => {
  const w = await caseUser('case_worker', CARITAS);
  const made = await apiCall(w.context, w.csrf, 'POST', '/cases', {
    given_name: 'Petras', family_name: 'Siuntinys (e2e)', trafficking_status: 'possible', gender: 'masculine', age_band: '27-29',
  });
  assert.equal(made.status, 201);
  const id = made.body.id;

  /* The case changed through its form, and a decision starting the recovery-period clock. */
  await w.page.goto(`${BASE}/#/cases/${id}`);
  await settled(w.page);
  await w.page.getByRole('button', { name: 'Edit' }).click();
  await w.page.locator(`#case-${id}-status`).selectOption('follow_up');
  await w.page.locator('form button[type="submit"]').click();
  await w.page.locator('dl.details', { hasText: 'Follow-up' }).waitFor({ timeout: 10000 });
  assert.equal((await apiCall(w.context, w.csrf, 'GET', `/cases/${id}`)).body.status, 'follow_up');
  await tab(w.page, 'Decisions');
  assert.match(await w.page.locator('.clock, section[aria-labelledby="h-decisions"] p').first().innerText(), /No recovery period/);
  await w.page.locator(`#case-decisions-${id}-reasonable_grounds`).selectOption('positive');
  await w.page.locator(`#case-decisions-${id}-reasonable_grounds_date`).fill('2026-01-05');
  await w.page.locator('section[aria-labelledby="h-decisions"] form button[type="submit"]').click();
  await w.page.locator('.clock.overdue').waitFor({ timeout: 10000 });
  assert.equal((await apiCall(w.context, w.csrf, 'GET', `/cases/${id}`)).body.recovery_period_end, '2026-02-04');
  assert.deepEqual(await axeSerious(w.page), []);

  await tab(w.page, 'Consent');
  await w.page.getByLabel('Sharing with agencies').check();
  await w.page.getByRole('button', { name: 'Record a consent' }).click();
  await w.page.locator('section[aria-labelledby="h-consents"] tbody tr', { hasText: 'In force' }).waitFor({ timeout: 10000 });

  await tab(w.page, 'Referrals');
  await w.page.locator(`#referral-new-${id}-to_organisation_id`).fill(RAHAB);
  const option = w.page.locator(`#referral-new-${id}-to_organisation_id-list [role="option"]`, { hasText: RAHAB }).first();
  await option.waitFor({ timeout: 10000 });
  await option.click();
  await w.page.getByLabel('Shelter').check();
  await w.page.locator(`#referral-new-${id}-reason`).fill('A bed for a few weeks (e2e).');
  await w.page.getByRole('button', { name: 'Send the referral' }).click();
  await w.page.locator('section[aria-labelledby="h-referrals"] tbody tr', { hasText: 'Waiting for an answer' }).waitFor({ timeout: 10000 });
  assert.deepEqual(w.page.errors, []);

  const r = await caseUser('case_worker', RAHAB, {}, '/referrals?direction=incoming');
  await settled(r.page);
  const item = r.page.locator('ul.referrals li.referral', { hasText: made.body.reference });
  await item.waitFor({ timeout: 10000 });
  assert.match(await item.innerText(), /Lithuanian Caritas/);
  assert.match(await item.innerText(), /27-29/);
  assert.doesNotMatch(await item.innerText(), /Petras|Siuntinys/, 'no identity before accepting');
  assert.equal(await item.getByRole('link').count(), 0, 'the case is not in scope before accepting');
  assert.deepEqual(await axeSerious(r.page), []);
  await item.getByRole('button', { name: 'Accept' }).click();
  await item.locator('.state', { hasText: 'Accepted' }).waitFor({ timeout: 10000 });
  await item.getByRole('link', { name: made.body.reference }).click();
  await settled(r.page);
  assert.match(await r.page.locator('main').innerText(), /Siuntinys \(e2e\)|Referrals/);
  /* Accepted: the receiving agency sees the name and records the service it gives. */
  await tab(r.page, 'Person');
  await r.page.locator('main', { hasText: 'Siuntinys (e2e)' }).waitFor({ timeout: 10000 });
  await tab(r.page, 'Services');
  await r.page.locator(`#service-new-${id}-type`).selectOption('shelter');
  await r.page.locator(`#service-new-${id}-status`).selectOption('ongoing');
  await r.page.getByRole('button', { name: 'Record a service' }).click();
  await r.page.locator('section[aria-labelledby="h-services"] tbody tr', { hasText: 'Shelter' }).waitFor({ timeout: 10000 });
  const services = (await apiCall(r.context, r.csrf, 'GET', `/cases/${id}/services`)).body.items;
  assert.equal(services.length, 1);
  assert.equal(services[0].type, 'shelter');

  /* A third agency's case worker and the referring agency's outreach worker cannot reach it. */
  const c = await caseUser('case_worker', 'Metropolitan Police', {}, `/cases/${id}`);
  await settled(c.page);
  assert.equal((await apiCall(c.context, c.csrf, 'GET', `/cases/${id}`)).status, 404);
  await c.page.locator('main', { hasText: 'Not found.' }).waitFor({ timeout: 10000 });
  assert.doesNotMatch(await c.page.locator('main').innerText(), /Petras|Siuntinys/);
  await c.context.close();
  const o = await open(browser);
  const ocsrf = await loginApi(o.context, o.page, 'outreach', `/cases/${id}`);
  await o.page.locator('main h1').waitFor();
  assert.equal(await o.page.locator('main h1').innerText(), 'Your role does not allow this.');
  assert.equal((await apiCall(o.context, ocsrf, 'GET', `/cases/${id}`)).status, 403);
  assert.doesNotMatch(await o.page.locator('main').innerText(), /Petras|Siuntinys/);
  await o.context.close();

  /* The referring side sees the new state in its outgoing box. */
  await w.page.goto(`${BASE}/#/referrals?direction=outgoing`);
  await settled(w.page);
  await w.page.locator('ul.referrals li.referral', { hasText: made.body.reference }).locator('.state', { hasText: 'Accepted' }).waitFor({ timeout: 10000 });
  assert.deepEqual(r.page.errors, []);
  assert.deepEqual(w.page.errors, []);
  await r.context.close();
  await w.context.close();
});

test('the case screens speak Lithuanian and Italian', async () => {
  for (const lang of ['lt', 'it']) {
    const words = JSON.parse(readFileSync(new URL(`../../web/i18n/${lang}.json`, import.meta.url), 'utf8'));
    const w = await caseUser('case_worker', CARITAS);
    assert.equal((await apiCall(w.context, w.csrf, 'PUT', '/session/locale', { locale: lang })).status, 200);
    const made = await apiCall(w.context, w.csrf, 'POST', '/cases', {
      given_name: 'Kalba', family_name: `Tikrinama ${lang} (e2e)`, trafficking_status: 'possible', gender: 'feminine',
    });
    assert.equal(made.status, 201);
    await w.page.goto(`${BASE}/#/cases`);
    await w.page.reload();
    await settled(w.page);
    assert.equal(await w.page.locator('main h1').innerText(), words['case.list_title'], `${lang}: case list`);
    assert.equal(await w.page.locator('html').getAttribute('lang'), lang);
    await w.page.goto(`${BASE}/#/cases/${made.body.id}`);
    await settled(w.page);
    await tab(w.page, words['case.tab_services']);
    assert.match(await w.page.locator('main').innerText(), new RegExp(words['service.add']), `${lang}: services`);
    assert.deepEqual(await axeSerious(w.page), [], `${lang}: case page`);
    await w.page.goto(`${BASE}/#/referrals`);
    await settled(w.page);
    assert.equal(await w.page.locator('main h1').innerText(), words['referral.inbox_title'], `${lang}: inbox`);
    assert.deepEqual(w.page.errors, []);
    await w.context.close();
  }
});

test('a possible duplicate is said plainly to the registering worker and noticed by the other agency\'s manager', async () => {
  const r = await caseUser('case_worker', RAHAB, {}, '/cases/new');
  await r.page.locator('#case-new-given_name').fill('ona');
  await r.page.locator('#case-new-family_name').fill('Pavyzdyte (demo)');
  await r.page.locator('#case-new-birth_date').fill('1998-04-12');
  await r.page.locator('#case-new-gender').selectOption('feminine');
  await r.page.locator('form button[type="submit"]').click();
  await r.page.locator('.notice.duplicate').waitFor({ timeout: 10000 });
  assert.match(await r.page.locator('.notice.duplicate').innerText(), /another agency/i);
  assert.deepEqual(await axeSerious(r.page), []);
  assert.deepEqual(r.page.errors, []);
  await r.context.close();

  const m = await caseUser('case_manager', CARITAS, {}, '/notifications');
  await settled(m.page);
  assert.ok(await m.page.locator('header.top').getByRole('link', { name: 'Notices' }).count());
  await m.page.locator('ul.notices li', { hasText: RAHAB }).first().waitFor({ timeout: 10000 });
  assert.deepEqual(await axeSerious(m.page), []);
  assert.deepEqual(m.page.errors, []);
  await m.context.close();
});

test('roles without case work get no case screens', async () => {
  for (const login of ['viewer', 'coordinator']) {
    const { context, page } = await open(browser);
    await loginApi(context, page, login, '/account');
    const nav = page.locator('header.top nav');
    for (const name of ['Cases', 'Referrals', 'Notices']) {
      assert.equal(await nav.getByRole('link', { name }).count(), 0, `${login}: no ${name} entry`);
    }
    for (const route of ['/cases', '/cases/new', '/cases/1', '/referrals', '/notifications']) {
      await page.goto(`${BASE}/#${route}`);
      await page.locator('main h1').waitFor();
      assert.equal(await page.locator('main h1').innerText(), 'Your role does not allow this.', `${login} ${route}`);
    }
    assert.deepEqual(page.errors, []);
    await context.close();
  }
  /* A case worker has no notices (a case manager's). */
  const w = await caseUser('case_worker', CARITAS, {}, '/notifications');
  assert.equal(await w.page.locator('header.top nav').getByRole('link', { name: 'Notices' }).count(), 0);
  assert.equal(await w.page.locator('main h1').innerText(), 'Your role does not allow this.');
  await w.context.close();
});

test('the case screens work at a phone\'s width', async () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const w = await caseUser('case_worker', CARITAS, phone, '/cases');
  const { page, context, csrf } = w;
  await settled(page);
  await noSideways(page, 'case list');
  await page.goto(`${BASE}/#/cases/new`);
  await page.locator('#case-new-given_name').waitFor();
  await noSideways(page, 'registration form');
  for (const sel of ['#case-new-given_name', '#case-new-gender', 'form button[type="submit"]']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box.height >= 44, `${sel} is at least 44px tall for a finger (${box.height})`);
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${sel} fits the width`);
  }
  assert.deepEqual(await axeSerious(page), []);
  await screenshot(page, 'case-form-phone');
  const found = await apiCall(context, csrf, 'GET', '/cases?q=Ona');
  const ona = found.body.items[0];
  for (const t of ['', 'consents', 'referrals', 'notes']) {
    await page.goto(`${BASE}/#/cases/${ona.id}${t ? `?tab=${t}` : ''}`);
    await page.locator('nav.tabs').waitFor();
    await settled(page);
    await noSideways(page, `case page ${t || 'person'}`);
  }
  await screenshot(page, 'case-page-phone');
  await page.goto(`${BASE}/#/referrals`);
  await settled(page);
  await noSideways(page, 'referrals');
  assert.deepEqual(await axeSerious(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});
