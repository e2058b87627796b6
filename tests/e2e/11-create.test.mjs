/* An organisation and an activity created through the forms show on the dashboard and the map. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, apiCall, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a new school in a municipality not yet reached, then a lecture there', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/dashboard');
  const projects = await apiCall(context, csrf, 'GET', '/projects');
  assert.equal(projects.status, 200);
  const project = projects.body.items.find((p) => p.code === 'ECAT') || projects.body.items[0];
  const before = (await apiCall(context, csrf, 'GET', `/projects/${project.id}/dashboard`)).body;
  const mapBefore = (await apiCall(context, csrf, 'GET', `/map/organisations.geojson?visited=true&project=${project.id}`)).body;
  const municipality = before.not_reached[0];
  assert.ok(municipality, 'a municipality is not reached yet');
  const coords = (await apiCall(context, csrf, 'GET', '/municipalities')).body;
  const m = (coords.items || coords).find((x) => x.name === municipality);

  /* The organisation, through its form. */
  await page.goto(`${BASE}/#/organisations/new`);
  await page.locator('#organisation-new-name').fill(`Progimnazija E2E (${municipality})`);
  await page.locator('#organisation-new-kind').selectOption('school');
  await page.locator('#organisation-new-municipality').selectOption(municipality);
  await page.locator('#organisation-new-lat').fill(String(m.lat));
  await page.locator('#organisation-new-lon').fill(String(m.lon));
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/organisations\/\d+$/.test(location.hash), null, { timeout: 10000 });
  const orgId = Number(/(\d+)$/.exec(await page.evaluate(() => location.hash))[1]);

  /* The activity, through the quick form opened from the organisation's page. */
  await page.getByRole('link', { name: 'Record an activity' }).click();
  await page.locator('#activity-new-organisation_id').waitFor();
  assert.equal(await page.locator('#activity-new-organisation_id').inputValue(), `Progimnazija E2E (${municipality})`);
  await page.locator('#activity-new-project_id').selectOption(String(project.id));
  await page.locator('#activity-new-date').fill('2014-06-12');
  await page.locator('#activity-new-kind').selectOption('lecture');
  await page.locator('#activity-new-youths').fill('25');
  await page.locator('#activity-new-specialists').fill('4');
  await page.getByLabel('Forms of trafficking').check();
  await page.locator('form button[type="submit"]').click();
  await page.locator('.notice.success').waitFor({ timeout: 10000 });

  /* The dashboard moved. */
  await page.goto(`${BASE}/#/dashboard/${project.id}`);
  await page.locator('.indicators').waitFor({ timeout: 15000 });
  await settled(page);
  const total = async (k) => Number((await page.locator(`[data-total="${k}"] dd`).innerText()).replace(/\D/g, ''));
  assert.equal(await total('institutions_reached'), before.totals.institutions_reached + 1);
  assert.equal(await total('youths'), before.totals.audience.youths + 25);
  assert.equal(await total('specialists'), before.totals.audience.specialists + 4);
  const notReached = await page.locator('ul.not-reached li').allInnerTexts();
  assert.ok(!notReached.includes(municipality), `${municipality} is reached now`);

  /* And the map. */
  await page.goto(`${BASE}/#/map?project=${project.id}&visited=true`);
  await page.locator('path.ecat-marker').first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('path.ecat-marker').count(), mapBefore.features.length + 1);
  const detail = await apiCall(context, csrf, 'GET', `/organisations/${orgId}`);
  assert.equal(detail.body.activities_count, 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});
