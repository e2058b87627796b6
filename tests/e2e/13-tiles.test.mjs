/*
 * With a tile URL configured the map asks for tiles (and the policy allows
 * their origin); when the tiles fail, the bundled outline is drawn instead.
 * A second `ecat serve` on the same database, with a tile server that is not
 * there (a closed loopback port).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, open, USERS } from './helpers.mjs';

const BIN = process.env.ECAT_E2E_BIN;
const DB = process.env.ECAT_E2E_DB;
const WEB = process.env.ECAT_E2E_WEB;
const TILES = 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png';
let browser;
let server;
let base;
let dir;

before(async () => {
  if (!BIN || !DB || !WEB) return;
  dir = mkdtempSync(path.join(tmpdir(), 'ecat-tiles-'));
  const portFile = path.join(dir, 'port');
  /* Started by root, ecat serve drops to an account: nobody, as for the main e2e server. */
  const asUser = [];
  if (process.getuid && process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString());
    chownSync(dir, uid, gid);
    asUser.push('--user', 'nobody');
  }
  server = spawn(BIN, ['serve', '--db', DB, '--web-dir', WEB, '--listen', '127.0.0.1:0', '--port-file', portFile,
    '--tile-url', TILES, '--require-totp', 'none', ...asUser], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(existsSync(portFile) && readFileSync(portFile, 'utf8').trim()); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  base = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('tiles are asked for, allowed by the policy, and the outline replaces them when they fail', { skip: !BIN && 'run through tests/e2e/run.sh' }, async () => {
  const cfg = await (await fetch(`${base}/api/v1/config/web`)).json();
  assert.equal(cfg.tile_url, TILES);
  const csp = (await fetch(`${base}/`)).headers.get('content-security-policy');
  assert.match(csp, /img-src 'self' data: http:\/\/127\.0\.0\.1:9[;\s]/);

  const { context, page } = await open(browser);
  const asked = [];
  page.on('request', (r) => { if (r.url().startsWith('http://127.0.0.1:9/')) asked.push(r.url()); });
  const r = await context.request.post(`${base}/api/v1/session`, { data: { login: 'coordinator', password: USERS.coordinator } });
  assert.equal(r.status(), 200);
  await page.goto(`${base}/#/map`);
  await page.locator('.map-count, main .notice.error').first().waitFor({ timeout: 20000 });
  await page.locator('path.ecat-outline').first().waitFor({ state: 'attached', timeout: 15000 });
  assert.ok(asked.length > 0, 'tiles were asked for');
  assert.ok(await page.locator('.leaflet-tile').count() > 0, 'tile images are on the map');
  assert.deepEqual(page.errors, []);
  await context.close();
});
