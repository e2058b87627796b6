/* Projects: a new project, its partner with a budget, an expense, an indicator and its target. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, apiCall, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function pick(page, input, text) {
  await page.locator(input).fill(text);
  const option = page.locator(`${input}-list [role="option"]`, { hasText: text }).first();
  await option.waitFor({ timeout: 10000 });
  await option.click();
}

test('a coordinator sets up a project with a partner, an expense and an indicator', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/projects/new');
  await page.locator('#project-new-code').fill('E2E-1');
  await page.locator('#project-new-title').fill('Safer summer jobs');
  await page.locator('#project-new-funder').fill('Municipality of Kaunas');
  await page.locator('#project-new-start_date').fill('2015-01-01');
  await page.locator('#project-new-end_date').fill('2015-12-31');
  await page.locator('#project-new-budget').fill('12 500,50');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/projects\/\d+$/.test(location.hash), null, { timeout: 10000 });
  const id = Number(/(\d+)$/.exec(await page.evaluate(() => location.hash))[1]);
  const project = (await apiCall(context, csrf, 'GET', `/projects/${id}`)).body;
  assert.equal(project.budget_cents, 1250050);

  await page.getByRole('link', { name: 'Partners' }).click();
  await pick(page, `#partner-new-${id}-organisation_id`, 'Lithuanian Caritas');
  await page.locator(`#partner-new-${id}-role`).selectOption('lead');
  await page.locator(`#partner-new-${id}-allocation`).fill('5000');
  await page.getByRole('button', { name: 'Add partner' }).click();
  await page.locator('section[aria-labelledby="h-partners"] tbody tr', { hasText: 'Lithuanian Caritas' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('section[aria-labelledby="h-partners"] tbody tr').first().innerText(), /€5,000\.00/);

  await page.getByRole('link', { name: 'Expenses' }).click();
  await page.locator(`#expense-new-${id}-partner_id`).selectOption({ label: 'Lithuanian Caritas' });
  await page.locator(`#expense-new-${id}-date`).fill('2015-03-02');
  await page.locator(`#expense-new-${id}-category`).selectOption('travel');
  await page.locator(`#expense-new-${id}-amount`).fill('120.40');
  await page.locator(`#expense-new-${id}-description`).fill('Train to Šiauliai');
  await page.getByRole('button', { name: 'Record expense' }).click();
  await page.locator('section[aria-labelledby="h-expenses"] tbody tr', { hasText: 'Train to Šiauliai' }).waitFor({ timeout: 10000 });

  await page.getByRole('link', { name: 'Indicators' }).click();
  await page.locator(`#indicator-new-${id}-name`).fill('Schools visited');
  await page.locator(`#indicator-new-${id}-metric`).selectOption('institutions_reached');
  await page.locator(`#indicator-new-${id}-target`).fill('12');
  await page.getByRole('button', { name: 'Add indicator' }).click();
  const row = page.locator('section[aria-labelledby="h-indicators"] tbody tr', { hasText: 'Schools visited' });
  await row.waitFor({ timeout: 10000 });
  await row.locator('input[type="number"]').fill('15');
  await row.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction(async (pid) => {
    const r = await fetch(`/api/v1/projects/${pid}/indicators`);
    return (await r.json()).items.some((i) => i.name === 'Schools visited' && i.target === 15);
  }, id, { timeout: 10000 });

  await page.goto(`${BASE}/#/dashboard/${id}`);
  await page.locator('.indicators').waitFor({ timeout: 15000 });
  await settled(page);
  const ind = page.locator('li.indicator', { hasText: 'Schools visited' });
  assert.equal((await ind.locator('.ind-target').innerText()).trim(), '15');
  const spent = page.locator('section[aria-labelledby="h-bud"] tr', { hasText: 'Lithuanian Caritas' });
  assert.match(await spent.innerText(), /€120\.40/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a viewer reads projects but is offered no form', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'viewer', '/projects');
  const id = (await apiCall(context, csrf, 'GET', '/projects')).body.items[0].id;
  for (const tab of ['', 'partners', 'expenses', 'indicators']) {
    await page.goto(`${BASE}/#/projects/${id}${tab ? `?tab=${tab}` : ''}`);
    await page.locator('main h1').waitFor();
    await settled(page);
    assert.equal(await page.locator('main form').count(), 0, `no form on ${tab || 'details'}`);
  }
  await context.close();
});

test("a partner that does not lead the project reads its settings and records only its own expenses", async () => {
  /* The demo coordinator works at Lithuanian Caritas; the demo project's lead is RBKC. */
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/projects');
  const me = (await apiCall(context, csrf, 'GET', '/session')).body.user;
  const project = (await apiCall(context, csrf, 'GET', '/projects')).body.items.find((p) => p.code === 'ECAT');
  const partners = (await apiCall(context, csrf, 'GET', `/projects/${project.id}/partners`)).body.items;
  const lead = partners.find((p) => p.role === 'lead');
  assert.ok(lead && lead.organisation_id !== me.organisation_id, 'the demo coordinator is not at the lead partner');
  for (const tab of ['', 'partners', 'indicators']) {
    await page.goto(`${BASE}/#/projects/${project.id}${tab ? `?tab=${tab}` : ''}`);
    await page.locator('main h1').waitFor();
    await settled(page);
    assert.equal(await page.locator('main form').count(), 0, `no form on ${tab || 'details'}`);
  }
  await page.goto(`${BASE}/#/projects/${project.id}?tab=expenses`);
  const select = page.locator('main form select[name="partner_id"]');
  await select.waitFor();
  const offered = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const own = partners.filter((p) => p.organisation_id === me.organisation_id).map((p) => String(p.id));
  assert.deepEqual(offered, own, 'only its own partner entry is offered');
  await context.close();
});
