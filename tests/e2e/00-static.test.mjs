/* What can be checked without a browser: translations, the served files and their headers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE } from './helpers.mjs';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

function jsFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

test('the three languages have the same keys, none empty', () => {
  const en = JSON.parse(readFileSync(path.join(web, 'i18n', 'en.json'), 'utf8'));
  for (const l of ['lt', 'it']) {
    const other = JSON.parse(readFileSync(path.join(web, 'i18n', `${l}.json`), 'utf8'));
    assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `${l}.json keys differ from en.json`);
    for (const [k, v] of Object.entries(other)) assert.ok(String(v).trim(), `${l}.json: ${k} is empty`);
  }
});

test('every string key the code names is translated', () => {
  const en = JSON.parse(readFileSync(path.join(web, 'i18n', 'en.json'), 'utf8'));
  const missing = [];
  for (const f of jsFiles(path.join(web, 'js'))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z_.:]+)'/g)) if (!(m[1] in en)) missing.push(`${path.basename(f)}: ${m[1]}`);
  }
  assert.deepEqual(missing, []);
});

test('no inline script or style, no HTML from strings, no eval', () => {
  const index = readFileSync(path.join(web, 'index.html'), 'utf8');
  assert.doesNotMatch(index, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline script in index.html');
  assert.doesNotMatch(index, /<style|\sstyle=/i, 'inline style in index.html');
  assert.doesNotMatch(index, /\son[a-z]+=/i, 'event handler attribute in index.html');
  for (const f of jsFiles(path.join(web, 'js'))) {
    const src = readFileSync(f, 'utf8');
    for (const bad of [/\.innerHTML\b/, /\.outerHTML\b/, /dangerouslySetInnerHTML/, /insertAdjacentHTML/, /\beval\(/, /new Function\(/, /document\.write/]) {
      assert.doesNotMatch(src, bad, `${path.basename(f)} uses ${bad}`);
    }
  }
});

test('the page and the API answer with the security headers', async () => {
  for (const p of ['/', '/js/main.js', '/api/v1/health', '/api/v1/config/web']) {
    const r = await fetch(`${BASE}${p}`);
    assert.equal(r.status, 200, p);
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /script-src 'self'/, `${p}: CSP`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${p}: CSP`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${p}: nosniff`);
  }
});

test('vendored files are versioned and immutable, the others revalidated; gzip when asked', async () => {
  const main = await fetch(`${BASE}/js/vendor.js`);
  const src = await main.text();
  const vendored = [...src.matchAll(/'(\/vendor\/[^']+)'/g)].map((m) => m[1]);
  assert.ok(vendored.length >= 5, 'vendor.js names the vendored files');
  for (const v of vendored) {
    assert.match(v, /^\/vendor\/[a-z-]+-\d+\.\d+\.\d+\//, `${v} is under a versioned folder`);
    const r = await fetch(`${BASE}${v}`);
    assert.equal(r.status, 200, v);
    assert.match(r.headers.get('cache-control') || '', /immutable/, `${v}: cache-control`);
  }
  assert.match(main.headers.get('cache-control') || '', /no-cache/);
  assert.ok(main.headers.get('etag'), 'ETag on /js/vendor.js');

  const raw = await fetch(`${BASE}/js/main.js`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(raw.headers.get('content-encoding'), 'gzip');
});

test('the tile URL reaches the page as JSON (none configured: offline)', async () => {
  const r = await fetch(`${BASE}/api/v1/config/web`);
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.ok('tile_url' in body);
  assert.equal(body.tile_url, null);
});

test('the offline outline holds Lithuania, Great Britain and Italy', async () => {
  const src = await (await fetch(`${BASE}/js/vendor.js`)).text();
  const url = /OUTLINE = '([^']+)'/.exec(src)[1];
  const r = await fetch(`${BASE}${url}`);
  assert.equal(r.status, 200);
  const geo = await r.json();
  assert.deepEqual(geo.features.map((f) => f.properties.country).sort(), ['GB', 'IT', 'LT']);
});

test('PUT /api/v1/session/locale needs a session and the CSRF token, and keeps the choice', async () => {
  let r = await fetch(`${BASE}/api/v1/session/locale`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"locale":"lt"}' });
  assert.equal(r.status, 401);
  r = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'auditor', password: 'demo-auditor-pass-2013' }) });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const put = (body, headers = {}) => fetch(`${BASE}/api/v1/session/locale`, { method: 'PUT', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body });
  assert.equal((await put('{"locale":"lt"}')).status, 403, 'no CSRF token');
  r = await put('{"locale":"it"}', { 'X-CSRF-Token': csrf });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).user.locale, 'it');
  r = await put('{"locale":"fr"}', { 'X-CSRF-Token': csrf });
  assert.equal(r.status, 422);
  assert.ok((await r.json()).error.fields.locale);
  r = await put('{"locale":"it","x":1}', { 'X-CSRF-Token': csrf });
  assert.equal(r.status, 422);
  r = await fetch(`${BASE}/api/v1/session`, { headers: { Cookie: cookie } });
  assert.equal((await r.json()).user.locale, 'it');
  r = await put('{"locale":null}', { 'X-CSRF-Token': csrf });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).user.locale, null);
});

