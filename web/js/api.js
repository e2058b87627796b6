/*
 * The JSON API: one fetch wrapper.  Unsafe methods carry the session's CSRF
 * token; a 401 hands control to the log-in screen (the page keeps its route,
 * and forms keep their drafts, so the user comes back to what they typed).
 * A 503 with Retry-After (another write, such as a colleague's import, holds
 * the database; nothing was written) is tried again after the time it names,
 * a few times, while the page says so; then its error is the answer.
 */
let csrfToken = null;
let unauthorized = () => {};
let busy = () => {};
const BUSY_TRIES = 4;
const BUSY_MAX_WAIT_S = 10;

export function setCsrfToken(t) {
  csrfToken = t || null;
}

export function onUnauthorized(fn) {
  unauthorized = fn;
}

/* fn(seconds) while a busy answer is waited out; fn(0) when it is over. */
export function onBusy(fn) {
  busy = fn;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/* Whether a 503 is the write lock's "busy" (worth sending again), not a request past its time. */
async function isBusy(res) {
  try {
    const body = await res.clone().json();
    return body && body.error && body.error.code === 'busy';
  } catch {
    return false;
  }
}

async function send(path, init) {
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await fetch(`/api/v1${path}`, init);
    } catch (e) {
      if (attempt > 1) busy(0);
      throw new ApiError(0, { code: 'network', message: e.message });
    }
    const after = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    if (res.status !== 503 || !(after >= 0) || attempt >= BUSY_TRIES || !(await isBusy(res))) {
      if (attempt > 1) busy(0);
      return res;
    }
    const wait = Math.min(Math.max(after, 1), BUSY_MAX_WAIT_S);
    busy(wait);
    await pause(wait * 1000);
  }
}

export class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (err && err.code) || 'http_error';
    this.fields = (err && err.fields) || {};
    this.rows = (err && err.rows) || null;
  }
}

/* "?a=1&b=x" from an object, leaving out empty values. */
export function query(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/*
 * method, path under /api/v1, optional body (an object sent as JSON, or a
 * string with opts.type), opts.anonymous: a 401 is an answer, not an expired
 * session (logging in).  Resolves to the parsed body (null for 204).
 */
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = opts.type || 'text/plain';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await send(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401 && !opts.anonymous) {
    unauthorized();
    throw new ApiError(401, { code: 'unauthenticated', message: 'session ended' });
  }
  if (res.status === 204) return null;
  const ct = res.headers.get('Content-Type') || '';
  let data = null;
  if (ct.includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  } else {
    data = await res.text();
  }
  if (!res.ok) throw new ApiError(res.status, data && data.error);
  return data;
}

/*
 * A file sent as the raw body of a PUT (a File or Blob, as chosen); the
 * server tells its type from the bytes.  Resolves like api().
 */
export async function putFile(path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/octet-stream' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method: 'PUT', headers, body: file, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: e.message });
  }
  if (res.status === 401) {
    unauthorized();
    throw new ApiError(401, { code: 'unauthenticated', message: 'session ended' });
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data && data.error);
  return data;
}

export const get = (path, params) => api('GET', path + query(params));
export const post = (path, body, opts) => api('POST', path, body, opts);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/* Every item of a list, following offset (for pickers over short lists). */
export async function getAll(path, params, max = 2000) {
  const items = [];
  for (let offset = 0; offset < max; ) {
    const page = await get(path, { ...params, limit: 500, offset });
    items.push(...page.items);
    offset += page.items.length;
    if (!page.items.length || offset >= page.total) break;
  }
  return items;
}
