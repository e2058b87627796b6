/* The engagement pipeline board: a card in its stage's column, a move by button, its history, an overdue mark in words. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, loginApi, apiCall, settled, axeSerious, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a coordinator sees a business in its stage, moves it with a button, and reads the history', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/pipeline');
  const who = await apiCall(context, csrf, 'GET', '/session');
  const runBy = who.body.user.organisation_id;
  const projects = await apiCall(context, csrf, 'GET', '/projects');
  const org = await apiCall(context, csrf, 'POST', '/organisations', { name: 'E2E Pipeline Hotel', kind: 'hotel', country: 'LT' });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const eng = await apiCall(context, csrf, 'POST', '/engagements', {
    project_id: projects.body.items.find((p) => p.code === 'ECAT').id, organisation_id: org.body.id, run_by: runBy,
    stage: 'contacted', next_follow_up: '2014-01-15',
  });
  assert.equal(eng.status, 201, JSON.stringify(eng.body));
  await page.reload();
  await settled(page);
  const card = (stage) => page.locator(`section[data-stage="${stage}"] li[data-engagement="${eng.body.id}"]`);
  await card('contacted').waitFor({ timeout: 10000 });
  assert.match(await card('contacted').innerText(), /Overdue/);
  assert.deepEqual(await axeSerious(page), []);

  await card('contacted').getByRole('button', { name: 'Move' }).click();
  await card('contacted').locator('input[type="date"]').fill('2099-03-01');
  await card('contacted').getByRole('button', { name: 'Committed' }).click();
  await card('contacted').getByRole('button', { name: 'Save' }).click();
  await card('committed').waitFor({ timeout: 10000 });
  assert.equal(await card('contacted').count(), 0);
  assert.doesNotMatch(await card('committed').innerText(), /Overdue/);
  await card('committed').getByRole('button', { name: 'Stage history' }).click();
  const hist = card('committed').locator('ol.history');
  await hist.locator('li').nth(1).waitFor({ timeout: 10000 });
  const text = await hist.innerText();
  assert.match(text, /Committed/);
  const mover = who.body.user.display_name || who.body.user.login;
  assert.ok(text.includes(`by ${mover}`), text); /* the history names who moved it */
  assert.match(text, /passed over: Met/);
  await screenshot(page, 'pipeline-board');

  await page.locator('#lang-top').selectOption('lt');
  await page.getByRole('heading', { level: 1, name: 'Bendradarbiavimo su verslu eiga' }).waitFor({ timeout: 10000 });
  await page.locator('#lang-top').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Engagement pipeline' }).waitFor({ timeout: 10000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a business's page shows its stage, agreement, staff training and meeting", async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/organisations');
  const who = await apiCall(context, csrf, 'GET', '/session');
  const runBy = who.body.user.organisation_id;
  const project = (await apiCall(context, csrf, 'GET', '/projects')).body.items.find((p) => p.code === 'ECAT').id;
  const org = await apiCall(context, csrf, 'POST', '/organisations', { name: 'E2E Cooperating Business', kind: 'business', country: 'LT' });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const base = { project_id: project, organisation_id: org.body.id, run_by: runBy };
  const made = [
    await apiCall(context, csrf, 'POST', '/engagements', { ...base, stage: 'trained' }),
    await apiCall(context, csrf, 'POST', '/agreements', { ...base, kind: 'code_of_conduct', status: 'signed', signed: '2014-02-03' }),
    await apiCall(context, csrf, 'POST', '/activities', { ...base, date: '2014-02-10', kind: 'training', business_staff: 14 }),
    await apiCall(context, csrf, 'POST', '/activities', { ...base, date: '2014-01-20', kind: 'meeting' }),
  ];
  for (const m of made) assert.equal(m.status, 201, JSON.stringify(m.body));
  await page.goto(`${page.url().split('#')[0]}#/organisations/${org.body.id}`);
  await settled(page);
  const coop = page.locator('section[aria-labelledby="h-coop"]');
  await coop.waitFor({ timeout: 10000 });
  const text = await coop.innerText();
  assert.match(text, /Stage: Trained/);
  assert.match(text, /Code of conduct · Signed/);
  assert.match(text, /Staff trainings[\s\S]*14[\s\S]*Cooperation meetings/);
  assert.match(text, /Cooperation meetings[\s\S]*Meeting/);
  assert.deepEqual(await axeSerious(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('an outreach worker starts an engagement with a hotel from the board', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'outreach', '/pipeline');
  const hotel = await apiCall(context, csrf, 'POST', '/organisations', { name: 'E2E Started Hotel', kind: 'hotel', country: 'LT' });
  assert.equal(hotel.status, 201, JSON.stringify(hotel.body));
  const projects = (await apiCall(context, csrf, 'GET', '/projects')).body.items;
  await page.reload();
  await settled(page);
  const form = page.locator('section[aria-labelledby="h-start"]');
  await form.getByLabel('Project').selectOption(String(projects.find((p) => p.code === 'ECAT').id));
  await form.locator('#engagement-new-organisation_id').fill('E2E Started Hotel');
  await form.getByRole('option', { name: /E2E Started Hotel/ }).click();
  await form.getByRole('button', { name: 'Start an engagement' }).click();
  await page.locator('section[data-stage="contacted"] li', { hasText: 'E2E Started Hotel' }).waitFor({ timeout: 10000 });
  const made = await apiCall(context, csrf, 'GET', `/engagements?organisation=${hotel.body.id}`);
  assert.equal(made.body.total, 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});
