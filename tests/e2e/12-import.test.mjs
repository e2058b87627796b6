/* CSV import: upload, a preview that names each bad row and field, then the import. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, loginApi, apiCall } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const CSV = [
  'name,kind,country,municipality',
  'Imported youth centre one,youth_centre,LT,Kaunas city',
  'Imported castle,castle,LT,Kaunas city',
  'Imported school two,school,LT,Alytus city',
].join('\n');

test('organisations from a CSV file: preview with the bad row, then the good rows imported', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/import');
  await page.getByLabel('Organisations').check();
  await page.locator('#imp-file').setInputFiles({ name: 'organisations.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await page.waitForFunction(() => document.querySelector('#imp-text').value.includes('Imported castle'));
  await page.getByRole('button', { name: 'Check (preview)' }).click();

  const preview = page.locator('section[aria-labelledby="h-preview"]');
  await preview.waitFor({ timeout: 10000 });
  assert.match(await preview.locator('[role="status"]').innerText(), /3 rows: 2 good, 1 with errors/);
  const errors = await preview.locator('table.row-errors tbody tr').allInnerTexts();
  assert.equal(errors.length, 1);
  assert.match(errors[0], /kind/);
  let found = await apiCall(context, csrf, 'GET', '/organisations?q=Imported');
  assert.equal(found.body.total, 0, 'the preview wrote nothing');

  const commit = preview.getByRole('button', { name: /^Import/ });
  assert.ok(await commit.isDisabled(), 'no import while rows are bad, unless they are skipped');
  await page.getByLabel('Import the good rows and skip the rows with errors').check();
  assert.match(await commit.innerText(), /Import 2 rows/);
  await commit.click();
  await page.locator('.notice.success').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.notice.success').innerText(), /Imported 2 rows; 1 skipped/);
  found = await apiCall(context, csrf, 'GET', '/organisations?q=Imported');
  assert.equal(found.body.total, 2);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('importing with bad rows and without skipping writes nothing and lists the rows', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/import');
  await page.getByLabel('Organisations').check();
  await page.locator('#imp-text').fill('name,kind,country\nAnother castle,castle,LT\n');
  await page.getByRole('button', { name: 'Check (preview)' }).click();
  await page.locator('table.row-errors').waitFor({ timeout: 10000 });
  const found = await apiCall(context, csrf, 'GET', '/organisations?q=castle');
  assert.equal(found.body.total, 0);
  await context.close();
});
