/*
 * The demo's referral story, as each demo case worker sees it in the
 * browser: Lithuanian Caritas's worker (Ona referred to Rahab and accepted,
 * with services on both sides; Jonas declined by the police and waiting at
 * Rahab; Grace referred by Rahab and completed; Tom's referral revoked) and
 * Rahab's worker (the same from the other side: Ona's case in scope with
 * its name once accepted, Jonas's waiting one without a name or a link).
 * The e2e server asks case roles for two-factor login: the demo workers
 * enrol at their first login here.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, USERS, launch, open, loginCase, apiCall, settled, axeSerious } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const DEMO = { caseworker: 'demo-caseworker-2013', rahabworker: 'demo-rahabworker-2013' };

/* A demo worker, logged in; an earlier file may have set up their two-factor login: reset it. */
async function demoWorker(login, route) {
  const admin = await browser.newContext();
  const a = await admin.request.post(`${BASE}/api/v1/session`, { data: { login: 'admin', password: USERS.admin } });
  assert.equal(a.status(), 200);
  const csrfAdmin = (await a.json()).csrf_token;
  const users = await apiCall(admin, csrfAdmin, 'GET', '/users?limit=200');
  const user = users.body.items.find((u) => u.login === login);
  assert.ok(user, `the demo user ${login}`);
  const reset = await apiCall(admin, csrfAdmin, 'DELETE', `/users/${user.id}/totp`);
  assert.ok([200, 204, 404].includes(reset.status), `reset ${login}: ${reset.status}`);
  await admin.close();
  const { context, page } = await open(browser);
  const csrf = await loginCase(context, page, login, DEMO[login], route);
  await settled(page);
  return { context, page, csrf };
}

/* The demo case of that family name, found by the given name as a worker would search. */
async function demoCase(w, given, family) {
  const found = await apiCall(w.context, w.csrf, 'GET', `/cases?q=${encodeURIComponent(given)}`);
  const c = found.body.items.find((x) => x.family_name === family);
  assert.ok(c, `the demo case of ${given} ${family}`);
  return c;
}

/* The inbox item of the case with this reference, on the inbox's current page. */
function item(page, reference) {
  return page.locator('ul.referrals li.referral', { hasText: reference });
}

async function tab(page, name) {
  await page.locator('nav.tabs').getByRole('link', { name }).click();
  await settled(page);
}

test('the Caritas case worker sees the whole referral story of the demo', async () => {
  const w = await demoWorker('caseworker', '/referrals?direction=outgoing');
  const ona = await demoCase(w, 'Ona', 'Pavyzdytė (demo)');
  const jonas = await demoCase(w, 'Jonas', 'Išgalvotas (demo)');
  await item(w.page, ona.reference).first().waitFor({ timeout: 10000 });
  assert.match(await item(w.page, ona.reference).innerText(), /Rahab[\s\S]*Accepted|Accepted[\s\S]*Rahab/);
  const jonasItems = await item(w.page, jonas.reference).allInnerTexts();
  assert.ok(jonasItems.some((t) => /Metropolitan Police/.test(t) && /Declined/.test(t)), jonasItems.join(' | '));
  assert.ok(jonasItems.some((t) => /Rahab/.test(t) && /Waiting for an answer/.test(t)), jonasItems.join(' | '));
  assert.deepEqual(await axeSerious(w.page), []);

  /* Incoming (a link to the same screen with another direction is followed): Grace's
   * referral from Rahab, completed; Tom's, revoked. */
  await w.page.goto(`${BASE}/#/referrals?direction=incoming`);
  await settled(w.page);
  await w.page.waitForFunction(() => document.querySelector('#ref-direction')?.value === 'incoming', null, { timeout: 10000 });
  await w.page.locator('ul.referrals li.referral', { hasText: 'From' }).first().waitFor({ timeout: 10000 });
  const incoming = await w.page.locator('ul.referrals li.referral').allInnerTexts();
  assert.ok(incoming.some((t) => /Rahab/.test(t) && /Completed/.test(t)), incoming.join(' | '));
  assert.ok(incoming.some((t) => /Rahab/.test(t) && /Revoked/.test(t)), incoming.join(' | '));

  /* Ona's case page: the referral and the services of both agencies. */
  await w.page.goto(`${BASE}/#/cases/${ona.id}`);
  await settled(w.page);
  assert.match(await w.page.locator('dl.details').first().innerText(), /Ona Pavyzdytė \(demo\)/);
  await tab(w.page, 'Referrals');
  assert.match(await w.page.locator('section[aria-labelledby="h-referrals"]').innerText(), /Rahab[\s\S]*Accepted/);
  await tab(w.page, 'Services');
  const services = await w.page.locator('section[aria-labelledby="h-services"] tbody').innerText();
  assert.match(services, /Rahab/);
  assert.match(services, /Lithuanian Caritas/);
  assert.deepEqual(w.page.errors, []);
  await w.context.close();
});

test('the Rahab case worker sees the same story from the receiving side', async () => {
  const w = await demoWorker('rahabworker', '/referrals?direction=incoming');
  const list = await apiCall(w.context, w.csrf, 'GET', '/referrals?direction=incoming');
  /* The demo's two from Caritas: Ona's (shelter and counselling) and Jonas's (employment). */
  const fromCaritas = (status, service) => list.body.items.find((r) => r.status === status &&
    r.from_organisation_name === 'Lithuanian Caritas' && r.services.includes(service));
  const accepted = fromCaritas('accepted', 'psychological');
  const pending = fromCaritas('pending', 'employment');
  assert.ok(accepted && pending, JSON.stringify(list.body.items.map((r) => [r.status, r.from_organisation_name])));

  /* The waiting referral: no name, no link to the case, Accept and Decline offered. */
  const waiting = item(w.page, pending.case_reference);
  await waiting.waitFor({ timeout: 10000 });
  assert.doesNotMatch(await waiting.innerText(), /Jonas|Išgalvotas/);
  assert.equal(await waiting.getByRole('link').count(), 0);
  assert.equal(await waiting.getByRole('button', { name: 'Accept' }).count(), 1);
  assert.equal(await waiting.getByRole('button', { name: 'Decline' }).count(), 1);
  assert.equal((await apiCall(w.context, w.csrf, 'GET', `/cases/${pending.case_id}`)).status, 404);
  assert.deepEqual(await axeSerious(w.page), []);

  /* The accepted one leads to Ona's case, with her name and the services given. */
  await item(w.page, accepted.case_reference).getByRole('link', { name: accepted.case_reference }).click();
  await settled(w.page);
  await tab(w.page, 'Person');
  assert.match(await w.page.locator('main').innerText(), /Pavyzdytė \(demo\)/);
  await tab(w.page, 'Services');
  assert.match(await w.page.locator('section[aria-labelledby="h-services"] tbody').innerText(), /Rahab/);

  /* Outgoing: Grace's referral to Caritas, completed; Tom's, revoked. */
  await w.page.goto(`${BASE}/#/referrals`);
  await settled(w.page);
  await w.page.locator('#ref-direction').selectOption('outgoing');
  await settled(w.page);
  await w.page.locator('ul.referrals li.referral', { hasText: 'To' }).first().waitFor({ timeout: 10000 });
  const outgoing = await w.page.locator('ul.referrals li.referral').allInnerTexts();
  assert.ok(outgoing.some((t) => /Lithuanian Caritas/.test(t) && /Completed/.test(t)), outgoing.join(' | '));
  assert.ok(outgoing.some((t) => /Lithuanian Caritas/.test(t) && /Revoked/.test(t)), outgoing.join(' | '));
  assert.deepEqual(w.page.errors, []);
  await w.context.close();
});
