/*
 * Materials, their distribution and business agreements through their
 * screens: a field error then a save, a material's file uploaded and
 * downloaded, a file of a wrong type refused, a distribution listed, an
 * agreement with its signed document, a language switch, and axe on each.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, loginApi, apiCall, axeSerious, settled, screenshot } from './helpers.mjs';

let browser;
let context;
let page;
let csrf;
let project;
let material;
let municipality;
const stamp = Date.now().toString(36);
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

before(async () => {
  browser = await launch();
  ({ context, page } = await open(browser));
  csrf = await loginApi(context, page, 'coordinator', '/account');
  const projects = await apiCall(context, csrf, 'GET', '/projects');
  project = projects.body.items.find((p) => p.code === 'ECAT') || projects.body.items[0];
  const munis = (await apiCall(context, csrf, 'GET', '/municipalities')).body;
  municipality = (munis.items || munis)[0].name;
});
after(async () => { await browser.close(); });

async function axeClean(route) {
  const found = await axeSerious(page);
  assert.deepEqual(found, [], `${route}: ${found.join('\n')}`);
}

test('a material: a field error, then saved', async () => {
  await page.goto(`${BASE}/#/materials/new`);
  await page.locator('#material-new-title').waitFor({ timeout: 15000 });
  await page.locator('#material-new-title').fill(`Lankstinukas ${stamp}`);
  await page.locator('#material-new-kind').selectOption('leaflet');
  await page.locator('#material-new-languages').fill('English');
  await page.getByLabel('Pupils').check();
  await page.locator('#material-new-version').fill('2.1');
  await page.locator('form button[type="submit"]').click();
  const err = page.locator('#material-new-languages-err');
  await err.waitFor({ timeout: 10000 });
  assert.match(await err.innerText(), /characters/);
  assert.equal(await page.locator('#material-new-languages').getAttribute('aria-invalid'), 'true');
  const none = await apiCall(context, csrf, 'GET', `/materials?q=${stamp}`);
  assert.equal(none.body.total, 0, 'nothing written for the refused form');
  await axeClean('/materials/new with a field error');

  await page.locator('#material-new-languages').fill('lt, en');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/materials\/\d+\/edit$/.test(location.hash), null, { timeout: 10000 });
  const id = Number(/(\d+)\/edit$/.exec(await page.evaluate(() => location.hash))[1]);
  material = (await apiCall(context, csrf, 'GET', `/materials/${id}`)).body;
  assert.equal(material.title, `Lankstinukas ${stamp}`);
  assert.deepEqual(material.languages, ['lt', 'en']);
  assert.deepEqual(material.audiences, ['pupils']);
  assert.equal(material.version, '2.1');
  await settled(page);
  await axeClean(`/materials/${id}/edit`);
});

test('the material\'s file: a PDF uploaded and downloaded, a text file refused', async () => {
  const input = page.locator(`#material-file-${material.id}`);
  await input.setInputFiles({ name: 'lankstinukas.pdf', mimeType: 'application/pdf', buffer: PDF });
  const link = page.locator('.file-box a.download');
  await link.waitFor({ timeout: 10000 });
  assert.match(await link.innerText(), /lankstinukas\.pdf/);
  const href = await link.getAttribute('href');
  assert.equal(href, `/api/v1/materials/${material.id}/file`);
  const got = await context.request.get(`${BASE}${href}`);
  assert.equal(got.status(), 200);
  assert.equal(got.headers()['content-type'].split(';')[0], 'application/pdf');
  assert.ok(Buffer.from(await got.body()).equals(PDF), 'the same bytes come back');

  await input.setInputFiles({ name: 'notes.txt', mimeType: 'application/pdf', buffer: Buffer.from('just some words\n') });
  const refused = page.locator('.file-box .file-error');
  await refused.waitFor({ timeout: 10000 });
  assert.match(await refused.innerText(), /PDF, PNG, JPEG/);
  const after = (await apiCall(context, csrf, 'GET', `/materials/${material.id}`)).body;
  assert.equal(after.file_name, 'lankstinukas.pdf', 'the refused file left the stored one');
  assert.match(await link.innerText(), /lankstinukas\.pdf/);
  await screenshot(page, 'material-file-refused');
});

test('a distribution created and listed; the material can no longer be deleted', async () => {
  const org = await apiCall(context, csrf, 'POST', '/organisations', {
    name: `Progimnazija ${stamp}`, kind: 'school', country: 'LT', municipality,
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  await page.goto(`${BASE}/#/distributions/new?material=${material.id}`);
  await page.locator('#distribution-new-quantity').waitFor({ timeout: 15000 });
  await settled(page);
  assert.equal(await page.locator('#distribution-new-material_id').inputValue(), String(material.id));
  await page.locator('#distribution-new-project_id').selectOption(String(project.id));
  await page.locator('#distribution-new-organisation_id').fill(`Progimnazija ${stamp}`);
  await page.getByRole('option', { name: new RegExp(`Progimnazija ${stamp}`) }).first().click();
  await page.locator('#distribution-new-audience').selectOption('pupils');
  await page.locator('#distribution-new-quantity').fill('30');
  await page.locator('#distribution-new-date').fill(project.start_date);
  await axeClean('/distributions/new');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/distributions\?material=\d+$/.test(location.hash), null, { timeout: 10000 });
  const row = page.locator('table.distributions tbody tr', { hasText: `Progimnazija ${stamp}` });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.innerText(), /30/);
  assert.match(await row.innerText(), new RegExp(`Lankstinukas ${stamp}`));
  await settled(page);
  await screenshot(page, 'distributions');
  await axeClean('/distributions');
  assert.equal((await apiCall(context, csrf, 'GET', `/materials/${material.id}`)).body.distributed, 30);
  /* The audience filter: none handed to parents. */
  await page.locator('#dist-audience').selectOption('parents');
  await page.locator('main p.count', { hasText: /^0\b/ }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('table.distributions').count(), 0);
  await page.locator('#dist-audience').selectOption('pupils');
  await row.waitFor({ timeout: 10000 });

  /* The list of materials shows the total; deleting is refused with the server's reason. */
  await page.goto(`${BASE}/#/materials?q=${stamp}`);
  const mrow = page.locator('table.materials tbody tr', { hasText: `Lankstinukas ${stamp}` });
  await mrow.waitFor({ timeout: 10000 });
  assert.match(await mrow.innerText(), /30/);
  await settled(page);
  await axeClean('/materials');
  await mrow.getByRole('link', { name: `Lankstinukas ${stamp}` }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  const alert = page.locator('main .notice.error[role="alert"]');
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.innerText(), /cannot be deleted/);
  assert.equal((await apiCall(context, csrf, 'GET', `/materials/${material.id}`)).status, 200);
});

test('an agreement with its signed document', async () => {
  const org = await apiCall(context, csrf, 'POST', '/organisations', {
    name: `Viešbutis ${stamp}`, kind: 'hotel', country: 'LT', municipality,
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  await page.goto(`${BASE}/#/agreements/new?organisation=${org.body.id}`);
  await page.locator('#agreement-new-kind').waitFor({ timeout: 15000 });
  await settled(page);
  assert.equal(await page.locator('#agreement-new-organisation_id').inputValue(), `Viešbutis ${stamp}`);
  await page.locator('#agreement-new-project_id').selectOption(String(project.id));
  await page.locator('#agreement-new-kind').selectOption('code_of_conduct');
  await page.locator('#agreement-new-status').selectOption('signed');
  await page.locator('#agreement-new-signed').fill(project.start_date);
  await axeClean('/agreements/new');
  await page.locator('form button[type="submit"]').click();
  await page.waitForFunction(() => /^#\/agreements\/\d+$/.test(location.hash), null, { timeout: 10000 });
  const id = Number(/(\d+)$/.exec(await page.evaluate(() => location.hash))[1]);
  await page.locator(`#agreement-file-${id}`).setInputFiles({ name: 'kodeksas.pdf', mimeType: 'application/pdf', buffer: PDF });
  const link = page.locator('.file-box a.download');
  await link.waitFor({ timeout: 10000 });
  const got = await context.request.get(`${BASE}${await link.getAttribute('href')}`);
  assert.equal(got.status(), 200);
  assert.ok(Buffer.from(await got.body()).equals(PDF));
  const a = (await apiCall(context, csrf, 'GET', `/agreements/${id}`)).body;
  assert.equal(a.kind, 'code_of_conduct');
  assert.equal(a.status, 'signed');
  assert.equal(a.signed, project.start_date);
  assert.equal(a.file_name, 'kodeksas.pdf');
  await settled(page);
  await axeClean(`/agreements/${id}`);

  await page.goto(`${BASE}/#/agreements?organisation=${org.body.id}`);
  const row = page.locator('table.agreements tbody tr', { hasText: `Viešbutis ${stamp}` });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.innerText(), /Code of conduct/);
  assert.match(await row.innerText(), /kodeksas\.pdf/);
  await settled(page);
  await axeClean('/agreements');
});

test('the materials screen in Lithuanian and Italian', async () => {
  await page.goto(`${BASE}/#/materials`);
  await page.locator('main h1').waitFor({ timeout: 15000 });
  await page.locator('#lang-top').selectOption('lt');
  await page.locator('main h1', { hasText: 'Informacinė medžiaga' }).waitFor({ timeout: 10000 });
  assert.ok(await page.locator('header nav a', { hasText: 'Susitarimai' }).count());
  await page.locator('#lang-top').selectOption('it');
  await page.locator('main h1', { hasText: 'Materiali' }).waitFor({ timeout: 10000 });
  assert.ok(await page.locator('main label', { hasText: 'Tipo' }).count());
  await page.locator('#lang-top').selectOption('en');
  await page.locator('main h1', { hasText: 'Materials' }).waitFor({ timeout: 10000 });
  assert.deepEqual(page.errors, []);
});

test('a viewer sees the lists without the write controls', async () => {
  const v = await open(browser);
  await loginApi(v.context, v.page, 'viewer', '/materials');
  await v.page.locator('main h1', { hasText: 'Materials' }).waitFor({ timeout: 15000 });
  await settled(v.page);
  assert.equal(await v.page.locator('a.button', { hasText: 'New material' }).count(), 0);
  await v.page.goto(`${BASE}/#/agreements`);
  await v.page.locator('main h1', { hasText: 'Agreements' }).waitFor({ timeout: 15000 });
  await settled(v.page);
  assert.equal(await v.page.locator('a.button', { hasText: 'New agreement' }).count(), 0);
  await v.context.close();
});
