/*
 * Hash routes: "#/organisations/12/edit?tab=x".  The route lives in the
 * address, so a reload or a log-in after an expired session returns to it.
 */
export function currentRoute() {
  const raw = (location.hash || '#/').slice(1) || '/';
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path: `/${parts.join('/')}`, parts, query: Object.fromEntries(new URLSearchParams(qs || '')) };
}

export function href(path, params) {
  const q = params ? new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false),
  ).toString() : '';
  return `#${path}${q ? `?${q}` : ''}`;
}

export function navigate(path, params, replace = false) {
  const h = href(path, params);
  if (replace) history.replaceState(null, '', h);
  else if (location.hash !== h) location.hash = h;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/* Keep a screen's filters in the address without adding a history entry per keystroke. */
export function replaceQuery(params) {
  const { path } = currentRoute();
  history.replaceState(null, '', href(path, params));
}
