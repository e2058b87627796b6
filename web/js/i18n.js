/*
 * Translations: every visible string comes from /i18n/{lt,en,it}.json.
 * The language is the user's saved choice, else the one last picked in this
 * browser, else the browser's (Lithuanian for a Lithuanian browser, Italian
 * for an Italian one, English otherwise).  Dates and numbers use Intl in the
 * same language.
 */
export const LOCALES = ['lt', 'en', 'it'];
const INTL_TAG = { lt: 'lt-LT', en: 'en-GB', it: 'it-IT' };
const STORE_KEY = 'ecat.locale';

let current = 'en';
let dict = {};

export function locale() {
  return current;
}

export function intlTag() {
  return INTL_TAG[current];
}

/* What this browser asks for, before any choice. */
export function browserLocale() {
  const langs = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language || 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

export function storedLocale() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return LOCALES.includes(v) ? v : null;
  } catch {
    return null;
  }
}

export function rememberLocale(l) {
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/* Load one language's strings and make it current. */
export async function loadLocale(l) {
  if (!LOCALES.includes(l)) l = 'en';
  const res = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`cannot load /i18n/${l}.json`);
  dict = await res.json();
  current = l;
  document.documentElement.lang = l;
  return l;
}

/* The string for key, with {name} placeholders filled from params. */
export function t(key, params) {
  let s = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
  }
  return s;
}

/* A label for an enumerated value ("kind.ngo"), the raw value when unknown. */
export function label(group, value) {
  if (value === null || value === undefined || value === '') return '';
  const key = `${group}.${value}`;
  return Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : String(value);
}

const cache = new Map();
function nf(opts) {
  const k = current + JSON.stringify(opts || {});
  if (!cache.has(k)) cache.set(k, new Intl.NumberFormat(INTL_TAG[current], opts));
  return cache.get(k);
}

export function fmtNumber(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '–';
  return nf().format(Number(n));
}

export function fmtPercent(p) {
  if (p === null || p === undefined) return '–';
  return nf({ style: 'percent', maximumFractionDigits: 1 }).format(Number(p) / 100);
}

export function fmtMoney(cents, currency) {
  if (cents === null || cents === undefined) return '–';
  try {
    return nf({ style: 'currency', currency: currency || 'EUR' }).format(Number(cents) / 100);
  } catch {
    return `${nf({ minimumFractionDigits: 2 }).format(Number(cents) / 100)} ${currency || ''}`;
  }
}

/* "2013-10-05" as a date in the interface language (the day, in no time zone). */
export function fmtDate(iso) {
  if (!iso) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(INTL_TAG[current], { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/* "2013-10" as a month and year; style 'long', 'short' or 'axis' (compact). */
export function fmtMonth(ym, style = 'short') {
  const m = /^(\d{4})-(\d{2})/.exec(ym || '');
  if (!m) return ym || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  const opts = style === 'axis' ? { year: '2-digit', month: 'short' } : { year: 'numeric', month: style };
  return new Intl.DateTimeFormat(INTL_TAG[current], { ...opts, timeZone: 'UTC' }).format(d);
}

/* An RFC 3339 timestamp in the reader's time zone. */
export function fmtTimestamp(ts) {
  if (!ts) return '–';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return new Intl.DateTimeFormat(INTL_TAG[current], { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/* Names of countries in the interface language. */
export function countryName(code) {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([INTL_TAG[current]], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}
