/*
 * Shared pieces of the screens: forms (with drafts and per-field errors from
 * the API), fields that always carry a label, alerts, loading, paging.
 */
import { html, useState, useEffect, useRef } from './vendor.js';
import { t } from './i18n.js';
import { ApiError } from './api.js';
import { loadDraft, saveDraft, clearDraft } from './drafts.js';

/* A human sentence for a failed call. */
export function errorText(e) {
  if (!(e instanceof ApiError)) return t('error.generic', { message: String(e && e.message) });
  switch (e.status) {
    case 0: return t('error.network');
    case 403: return t('error.forbidden');
    case 404: return t('error.not_found');
    case 409: return t('error.conflict', { message: e.message });
    case 413: return t('error.too_large');
    case 422: return t('error.invalid');
    case 429: return t('error.rate_limited');
    default: return t('error.generic', { message: e.message });
  }
}

/* Data of one or more calls, reloaded when deps change. */
export function useAsync(fn, deps) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => live && setState({ loading: false, data, error: null }),
      (error) => live && setState({ loading: false, data: null, error }),
    );
    return () => { live = false; };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

/*
 * A form's state.  form: the draft name ("organisation.new"; null: no draft);
 * initial: the starting values; required: names that must not be empty;
 * submit(values): the call, resolving when saved; alias: API field name →
 * form field name where they differ; secret: fields never kept in a draft
 * (passwords); memory: the draft lives in this page's memory only, never in
 * the browser's storage (forms about victims' cases).  A 422 from the API
 * puts each message next to its field and focuses the first.
 */
export function useForm({ form, initial, required = [], submit, alias = {}, secret = [], memory = false }) {
  const [start] = useState(() => {
    const draft = form ? loadDraft(form, memory) : null;
    return { values: { ...initial, ...(draft || {}) }, restored: !!draft };
  });
  const [values, setValues] = useState(start.values);
  const [restored, setRestored] = useState(start.restored);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const ref = useRef(null);
  const labels = useRef({});

  useEffect(() => {
    if (!ref.current || !Object.keys(errors).length) return;
    const bad = ref.current.querySelector('[aria-invalid="true"]');
    if (bad) bad.focus();
    else {
      const summary = ref.current.querySelector('.form-error');
      if (summary) summary.focus();
    }
  }, [errors]);

  function set(name, value) {
    setSaved(false);
    setValues((v) => {
      const next = { ...v, [name]: value };
      if (form) {
        const kept = { ...next };
        for (const k of secret) delete kept[k];
        saveDraft(form, kept, memory);
      }
      return next;
    });
    setErrors((e) => {
      if (!(name in e)) return e;
      const next = { ...e };
      delete next[name];
      return next;
    });
  }

  async function onSubmit(ev) {
    if (ev) ev.preventDefault();
    if (busy) return;
    const missing = {};
    for (const name of required) {
      const v = values[name];
      if (v === undefined || v === null || String(v).trim() === '') missing[name] = t('form.required');
    }
    setFormError(null);
    if (Object.keys(missing).length) {
      setErrors(missing);
      setFormError(t('form.fix_errors'));
      return;
    }
    setBusy(true);
    try {
      await submit(values);
      if (form) clearDraft(form, memory);
      setRestored(false);
      setErrors({});
      setSaved(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return; /* the log-in screen takes over */
      if (e instanceof ApiError && e.status === 422 && Object.keys(e.fields).length) {
        const mapped = {};
        for (const [k, m] of Object.entries(e.fields)) mapped[alias[k] || k] = m;
        setErrors(mapped);
        setFormError(t('form.fix_errors'));
      } else {
        setFormError(errorText(e));
        setErrors({ '': '' });
      }
    } finally {
      setBusy(false);
    }
  }

  function discard() {
    if (form) clearDraft(form, memory);
    setValues({ ...initial });
    setRestored(false);
    setErrors({});
    setFormError(null);
  }

  function reset(next) {
    setValues({ ...next });
    setErrors({});
    setFormError(null);
  }

  return { id: (form || 'form').replace(/[^a-z0-9]+/gi, '-'), values, set, errors, formError,
    busy, saved, restored, discard, reset, onSubmit, ref, labels };
}

/* The id of a form's field element. */
export function fid(f, name) {
  return `${f.id}-${name.replace(/[^a-z0-9_]+/gi, '-')}`;
}

function FieldError({ id, error }) {
  if (!error) return null;
  return html`<p class="field-error" id=${id}>${error}</p>`;
}

function describedBy(id, error, hint) {
  const ids = [];
  if (hint) ids.push(`${id}-hint`);
  if (error) ids.push(`${id}-err`);
  return ids.length ? ids.join(' ') : undefined;
}

/* A text-like input (text, email, url, password, date, number, search). */
export function Input({ f, name, label, type = 'text', hint, required, wide, ...rest }) {
  const id = fid(f, name);
  const error = f.errors[name];
  f.labels.current[name] = label;
  const v = f.values[name];
  return html`<div class=${`field${wide ? ' wide' : ''}`}>
    <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <input id=${id} name=${name} type=${type} value=${v === null || v === undefined ? '' : v}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, error, hint)}
      aria-required=${required ? 'true' : undefined}
      onInput=${(e) => f.set(name, e.currentTarget.value)} ...${rest} />
    <${FieldError} id=${`${id}-err`} error=${error} />
  </div>`;
}

export function TextArea({ f, name, label, hint, rows = 3, wide = true, ...rest }) {
  const id = fid(f, name);
  const error = f.errors[name];
  f.labels.current[name] = label;
  return html`<div class=${`field${wide ? ' wide' : ''}`}>
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <textarea id=${id} name=${name} rows=${rows} value=${f.values[name] || ''}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, error, hint)}
      onInput=${(e) => f.set(name, e.currentTarget.value)} ...${rest}></textarea>
    <${FieldError} id=${`${id}-err`} error=${error} />
  </div>`;
}

/* options: [[value, text], ...]; empty: the text of a "none" first option. */
export function Select({ f, name, label, options, empty, required, hint, onChange }) {
  const id = fid(f, name);
  const error = f.errors[name];
  f.labels.current[name] = label;
  const v = f.values[name];
  return html`<div class="field">
    <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <select id=${id} name=${name} aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy(id, error, hint)} aria-required=${required ? 'true' : undefined}
      onChange=${(e) => { f.set(name, e.currentTarget.value); if (onChange) onChange(e.currentTarget.value); }}>
      ${empty !== undefined ? html`<option value="" selected=${!v}>${empty}</option>` : null}
      ${options.map(([val, text]) => html`<option value=${val} selected=${String(v) === String(val)}>${text}</option>`)}
    </select>
    <${FieldError} id=${`${id}-err`} error=${error} />
  </div>`;
}

/*
 * A list screen's filter: a labelled select whose first option ("all") is
 * the empty value; options: [[value, text], ...].
 */
export function FilterSelect({ id, label, value, onChange, options, all }) {
  return html`<div class="field"><label for=${id}>${label}</label>
    <select id=${id} onChange=${onChange}>
      <option value="" selected=${!value}>${all}</option>
      ${options.map(([val, text]) => html`<option value=${val} selected=${String(val) === String(value)}>${text}</option>`)}
    </select></div>`;
}

export function Checkbox({ f, name, label }) {
  const id = fid(f, name);
  const error = f.errors[name];
  f.labels.current[name] = label;
  return html`<div class="field check">
    <input id=${id} type="checkbox" checked=${!!f.values[name]}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-err` : undefined}
      onChange=${(e) => f.set(name, e.currentTarget.checked)} />
    <label for=${id}>${label}</label>
    <${FieldError} id=${`${id}-err`} error=${error} />
  </div>`;
}

/* A set of checkboxes writing an array of values. */
export function CheckboxGroup({ f, name, label, options }) {
  const id = fid(f, name);
  const error = f.errors[name];
  f.labels.current[name] = label;
  const chosen = Array.isArray(f.values[name]) ? f.values[name] : [];
  function toggle(val, on) {
    const next = on ? [...chosen.filter((x) => x !== val), val] : chosen.filter((x) => x !== val);
    f.set(name, options.map(([v]) => v).filter((v) => next.includes(v)));
  }
  return html`<fieldset class="field wide group" aria-describedby=${error ? `${id}-err` : undefined}>
    <legend>${label}</legend>
    <div class="checks">
      ${options.map(([val, text]) => html`<div class="check">
        <input id=${`${id}-${val}`} type="checkbox" checked=${chosen.includes(val)}
          onChange=${(e) => toggle(val, e.currentTarget.checked)} />
        <label for=${`${id}-${val}`}>${text}</label>
      </div>`)}
    </div>
    <${FieldError} id=${`${id}-err`} error=${error} />
  </fieldset>`;
}

/* The top of a form: a restored draft, a summary of what is wrong, a saved note. */
export function FormStatus({ f, savedText }) {
  const fields = Object.entries(f.errors).filter(([k]) => k);
  return html`
    ${f.restored ? html`<div class="notice info" role="status">
      <span>${t('form.draft_restored')}</span>
      <button type="button" class="link" onClick=${f.discard}>${t('form.discard_draft')}</button>
    </div>` : null}
    ${f.formError ? html`<div class="form-error notice error" role="alert" tabindex="-1">
      <p>${f.formError}</p>
      ${fields.length ? html`<ul>${fields.map(([k, m]) => html`<li>
        <a href=${`#`} onClick=${(e) => { e.preventDefault(); const el = document.getElementById(fid(f, k)); if (el) el.focus(); }}>
          ${f.labels.current[k] || k}</a>: ${m}</li>`)}</ul>` : null}
    </div>` : null}
    ${f.saved && savedText ? html`<div class="notice success" role="status">${savedText}</div>` : null}`;
}

export function Alert({ kind = 'error', children }) {
  return html`<div class=${`notice ${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>${children}</div>`;
}

export function Loading() {
  return html`<p class="loading" role="status">${t('common.loading')}</p>`;
}

/* What a screen shows while its data loads or when loading failed. */
export function Pending({ state }) {
  if (state.error) return html`<${Alert}>${errorText(state.error)}<//>`;
  return html`<${Loading} />`;
}

export function Pager({ total, limit, offset, onPage }) {
  if (total <= limit) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  return html`<nav class="pager" aria-label=${t('common.pages')}>
    <button type="button" disabled=${offset === 0} onClick=${() => onPage(Math.max(0, offset - limit))}>${t('common.previous')}</button>
    <span>${t('common.range', { from, to, total })}</span>
    <button type="button" disabled=${to >= total} onClick=${() => onPage(offset + limit)}>${t('common.next')}</button>
  </nav>`;
}

/* A number field's text as an integer, or the text itself when it is not one (the API says why). */
export function intOrText(v) {
  if (v === null || v === undefined || String(v).trim() === '') return null;
  const s = String(v).trim();
  return /^-?\d+$/.test(s) ? Number(s) : s;
}

/* "30 209,50" or "30209.50" as cents; null when empty; NaN when unreadable. */
export function parseMoney(v) {
  if (v === null || v === undefined || String(v).trim() === '') return null;
  let s = String(v).replace(/[\s\u00a0\u202f']/g, '');
  if (/,\d{1,2}$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return NaN;
  return Math.round(Number(s) * 100);
}

export function centsToInput(c) {
  if (c === null || c === undefined) return '';
  return (Number(c) / 100).toFixed(2);
}

/* Empty strings become null (clears optional fields). */
export function nullIfEmpty(v) {
  return v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim();
}

export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* Load a classic script and a stylesheet once (leaflet, uPlot). */
const loaded = new Map();
export function loadAssets(js, css) {
  if (!loaded.has(js)) {
    loaded.set(js, new Promise((resolve, reject) => {
      if (css) {
        const l = document.createElement('link');
        l.rel = 'stylesheet';
        l.href = css;
        document.head.appendChild(l);
      }
      const s = document.createElement('script');
      s.src = js;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`cannot load ${js}`));
      document.head.appendChild(s);
    }));
  }
  return loaded.get(js);
}
