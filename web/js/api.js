/*
 * The JSON API: one fetch wrapper.  Unsafe methods carry the session's CSRF
 * token; a 401 hands control to the log-in screen (the page keeps its route,
 * and forms keep their drafts, so the user comes back to what they typed).
 */
let csrfToken = null;
let unauthorized = () => {};

export function setCsrfToken(t) {
  csrfToken = t || null;
}

export function onUnauthorized(fn) {
  unauthorized = fn;
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
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: e.message });
  }
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
