/*
 * Shared by the case screens (cases, case page, referrals, notifications):
 * the deadlines of referrals, the recovery-period clock, and small views.
 * Identifying fields of a person are shown on the case page and in a search
 * only; nothing here writes them anywhere but the page.
 */
import { html } from './vendor.js';
import { t, label, fmtDate } from './i18n.js';

/* The day by which the referral's next step is due (the server's due_at), or null when none. */
export function referralDue(r) {
  return r.due_at ? r.due_at.slice(0, 10) : null;
}

export function openReferral(r) {
  return r.status === 'pending' || r.status === 'accepted';
}

/* Whole days from today (local) to an ISO day; negative when past. */
export function daysUntil(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  if (!m) return null;
  const now = new Date();
  const a = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((Date.UTC(+m[1], +m[2] - 1, +m[3]) - a) / 86400000);
}

/*
 * The recovery and reflection period: null before a positive
 * reasonable-grounds decision; else { state: 'decided' | 'overdue' | 'running', days, end }.
 */
export function recoveryClock(c) {
  if (!c || !c.recovery_period_end) return null;
  const days = daysUntil(c.recovery_period_end);
  if (c.conclusive_grounds) return { state: 'decided', days, end: c.recovery_period_end };
  if (c.recovery_overdue || (days !== null && days < 0)) return { state: 'overdue', days, end: c.recovery_period_end };
  return { state: 'running', days, end: c.recovery_period_end };
}

export function RecoveryClock({ c }) {
  const k = recoveryClock(c);
  if (!k) return html`<p>${t('case.recovery_none')}</p>`;
  if (k.state === 'decided') {
    return html`<p class="clock">${t('case.recovery_decided', { date: fmtDate(k.end) })}</p>`;
  }
  if (k.state === 'overdue') {
    return html`<p class="clock overdue"><span class="tag alarm">${t('case.overdue')}</span>
      ${' '}${t('case.recovery_overdue', { date: fmtDate(k.end), n: Math.abs(k.days || 0) })}</p>`;
  }
  return html`<p class="clock">${t('case.recovery_running', { date: fmtDate(k.end), n: k.days })}</p>`;
}

/* An array of enumerated values as a comma-separated text. */
export function labels(group, values) {
  return (values || []).map((v) => label(group, v)).join(', ');
}

/* "Given Family", or the placeholder when the case has no name. */
export function personName(c) {
  const n = [c.given_name, c.family_name].filter(Boolean).join(' ');
  return n || t('case.no_name');
}

export function ReferralStatus({ r }) {
  return html`<span class=${`state state-${r.status}`}>${label('referral_status', r.status)}</span>
    ${r.overdue ? html`${' '}<span class="tag alarm">${t('case.overdue')}</span>` : null}`;
}
