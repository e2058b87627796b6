/*
 * Two-factor login in the browser.  The e2e server requires it of the case
 * roles (tests/e2e/run.sh): a case worker logging in for the first time gets
 * only the enrolment screen, sets up an authenticator from its QR code's key,
 * keeps the recovery codes, and from then on the login form asks for a code.
 * Codes are made here from the key the screen shows (RFC 6238, HMAC-SHA1).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, settled, base32, totpCode as totp } from './helpers.mjs';

const WORKER = 'rahabworker';
const PASSWORD = 'demo-rahabworker-2013';

/* Wait until the current 30-second step has at least `need` seconds left. */
async function stepWithTime(need) {
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (left < need) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a case worker must set up two-factor login, then logs in with a code', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/`);
  await page.locator('input[name="login"]').fill(WORKER);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();

  /* Only the enrolment screen: no navigation, and the API refuses the rest meanwhile. */
  await page.locator('#totp-title').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('header.top').count(), 0);
  const blocked = await context.request.get(`${BASE}/api/v1/organisations`);
  assert.equal(blocked.status(), 403);
  assert.equal((await blocked.json()).error.code, 'totp_enrolment_required');

  await page.getByRole('button', { name: /set up two-factor login/i }).click();
  await page.locator('img.totp-qr').waitFor();
  const src = await page.locator('img.totp-qr').getAttribute('src');
  assert.match(src, /^data:image\/svg\+xml;base64,/);
  const key = base32(await page.locator('.totp-secret').innerText());
  assert.equal(key.length, 20);

  await stepWithTime(8);
  await page.locator('input[name="totp"]').fill(totp(key));
  await page.getByRole('button', { name: /turn on/i }).click();
  await page.locator('.recovery-codes li').first().waitFor();
  assert.equal(await page.locator('.recovery-codes li').count(), 10);
  await page.getByRole('button', { name: /kept these codes/i }).click();
  await page.locator('header.top').waitFor({ timeout: 15000 });
  await settled(page);

  /* Logged out, the form asks for the code after the password. */
  await page.getByRole('button', { name: /log out/i }).click();
  await page.locator('input[name="login"]').waitFor();
  await page.locator('input[name="login"]').fill(WORKER);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="totp"]').waitFor();
  await stepWithTime(8);
  await page.locator('input[name="totp"]').fill(totp(key, 1));
  await page.locator('form button[type="submit"]').click();
  await page.locator('header.top').waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});
