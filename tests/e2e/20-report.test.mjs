/* The project page's period report: a PDF and an XLSX downloaded, a bad period refused. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, loginApi, apiCall, settled, axeSerious } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function download(page) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Download report' }).click(),
  ]);
  return readFileSync(await dl.path());
}

test('a coordinator downloads the period report as PDF and XLSX; a reversed period is refused', async () => {
  const { context, page } = await open(browser);
  const csrf = await loginApi(context, page, 'coordinator', '/projects');
  const made = await apiCall(context, csrf, 'POST', '/projects', {
    code: 'E2E-RPT', title: 'Report period project', funder: 'Funder', programme: '',
    start_date: '2016-01-01', end_date: '2016-12-31', currency: 'EUR', budget_cents: 100000,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  await page.goto(`${page.url().split('#')[0]}#/projects/${id}`);
  await settled(page);
  await page.getByRole('link', { name: 'Report' }).click();
  await page.locator('#h-report').waitFor({ timeout: 10000 });
  assert.deepEqual(await axeSerious(page), []);

  await page.locator('#report-from').fill('2016-02-01');
  await page.locator('#report-to').fill('2016-06-30');
  await page.locator('#report-lang').selectOption('en');
  await page.locator('#report-format').selectOption('pdf');
  const pdf = await download(page);
  assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');

  await page.locator('#report-format').selectOption('xlsx');
  await page.locator('#report-lang').selectOption('lt');
  const xlsx = await download(page);
  assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK');

  await page.locator('#report-from').fill('2016-07-01');
  await page.locator('#report-to').fill('2016-03-01');
  await page.getByRole('button', { name: 'Download report' }).click();
  const alert = page.locator('section[aria-labelledby="h-report"] [role="alert"]');
  await alert.waitFor({ timeout: 15000 });
  assert.match(await alert.innerText(), /from/);
  assert.deepEqual(page.errors, []);
  await context.close();
});
