/*
 * The referral inbox of one's agency: incoming referrals to accept or
 * decline (with a reason), then to complete; outgoing ones with their state,
 * to revoke while open.  Overdue ones come first (the server's order).  A
 * pending incoming referral shows services, reason, age band and gender,
 * never who the person is.
 *   #/referrals[?direction=incoming|outgoing&status=...&overdue=true]
 */
import { html, useState, useEffect } from '../vendor.js';
import { t, label, fmtNumber, fmtDate, fmtTimestamp } from '../i18n.js';
import { get, post, query } from '../api.js';
import { replaceQuery } from '../router.js';
import { can } from '../roles.js';
import { REFERRAL_STATUSES, DECLINE_REASONS } from '../enums.js';
import { useAsync, Pending, Pager, Alert, errorText } from '../ui.js';
import { ReferralStatus, labels, referralDue } from '../casework.js';

const LIMIT = 50;

function Decline({ r, onDone }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `decline-${r.id}`;
  if (!open) return html`<button type="button" class="secondary" onClick=${() => setOpen(true)}>${t('referral.decline')}</button>`;
  async function go(e) {
    e.preventDefault();
    if (!reason) {
      setProblem(t('form.required'));
      return;
    }
    setBusy(true);
    try {
      await post(`/referrals/${r.id}/decline`, { reason });
      onDone();
    } catch (err) {
      setProblem(errorText(err));
      setBusy(false);
    }
  }
  return html`<form class="decline" onSubmit=${go} novalidate>
    <div class="field"><label for=${id}>${t('referral.decline_reason')}<span class="req" aria-hidden="true"> *</span></label>
      <select id=${id} aria-required="true" aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? `${id}-err` : undefined}
        onChange=${(e) => { setReason(e.currentTarget.value); setProblem(null); }}>
        <option value="" selected=${!reason}>${t('common.choose')}</option>
        ${DECLINE_REASONS.map((d) => html`<option value=${d} selected=${reason === d}>${label('decline_reason', d)}</option>`)}
      </select>
      ${problem ? html`<p class="field-error" id=${`${id}-err`}>${problem}</p>` : null}</div>
    <div class="actions"><button type="submit" class="danger" disabled=${busy}>${t('referral.decline_confirm')}</button>
      <button type="button" class="secondary" onClick=${() => setOpen(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

function Row({ r, incoming, user, onMoved, setProblem }) {
  async function move(what) {
    setProblem(null);
    try {
      await post(`/referrals/${r.id}/${what}`);
      onMoved();
    } catch (e) {
      setProblem(errorText(e));
    }
  }
  const write = can(user, 'case.write');
  const due = referralDue(r);
  const inScope = r.status === 'accepted' || !incoming;
  return html`<li class=${`referral${r.overdue ? ' is-overdue' : ''}`}>
    <div class="ref-head">
      <span class="ref-ref">${inScope ? html`<a href=${`#/cases/${r.case_id}?tab=referrals`}>${r.case_reference}</a>` : r.case_reference}</span>
      <${ReferralStatus} r=${r} />
    </div>
    <dl class="ref-facts">
      <div><dt>${incoming ? t('referral.from') : t('referral.to')}</dt><dd>${incoming ? r.from_organisation_name : r.to_organisation_name}</dd></div>
      <div><dt>${t('referral.services')}</dt><dd>${labels('service', r.services)}</dd></div>
      ${r.age_band || r.gender ? html`<div><dt>${t('referral.person')}</dt><dd>${[r.age_band, label('gender', r.gender)].filter(Boolean).join(', ')}</dd></div>` : null}
      <div><dt>${t('referral.sent')}</dt><dd>${fmtTimestamp(r.created_at)}</dd></div>
      ${due ? html`<div><dt>${r.status === 'pending' ? t('referral.answer_due') : t('referral.outcome_due')}</dt><dd>${fmtDate(due)}</dd></div>` : null}
      ${r.decline_reason ? html`<div><dt>${t('referral.decline_reason')}</dt><dd>${label('decline_reason', r.decline_reason)}</dd></div>` : null}
    </dl>
    ${r.reason ? html`<p class="pre ref-reason">${r.reason}</p>` : null}
    ${write ? html`<div class="actions">
      ${incoming && r.status === 'pending' ? html`<button type="button" onClick=${() => move('accept')}>${t('referral.accept')}</button>
        <${Decline} r=${r} onDone=${onMoved} />` : null}
      ${incoming && r.status === 'accepted' ? html`<button type="button" class="secondary" onClick=${() => move('complete')}>${t('referral.complete')}</button>` : null}
      ${!incoming && (r.status === 'pending' || r.status === 'accepted') ? html`<button type="button" class="secondary" onClick=${() => move('revoke')}>${t('referral.revoke')}</button>` : null}
    </div>` : null}
  </li>`;
}

function Box({ direction, filters, user }) {
  const [offset, setOffset] = useState(0);
  const params = { direction, status: filters.status, overdue: filters.overdue === 'true', limit: LIMIT, offset };
  const list = useAsync(() => get('/referrals', params), [query(params)]);
  const [problem, setProblem] = useState(null);
  const incoming = direction === 'incoming';
  return html`<section class="panel" aria-labelledby=${`h-${direction}`}>
    <h2 id=${`h-${direction}`}>${incoming ? t('referral.incoming') : t('referral.outgoing')}
      ${list.data ? html` <span class="code">(${fmtNumber(list.data.total)})</span>` : null}</h2>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<ul class="referrals">
      ${list.data.items.map((r) => html`<${Row} key=${r.id} r=${r} incoming=${incoming} user=${user} setProblem=${setProblem}
        onMoved=${() => list.reload()} />`)}
    </ul>` : html`<p>${t('referral.none')}</p>`}
    ${list.data ? html`<${Pager} total=${list.data.total} limit=${LIMIT} offset=${offset} onPage=${setOffset} />` : null}
  </section>`;
}

const filtersOf = (q) => ({ direction: q.direction || '', status: q.status || '', overdue: q.overdue || '' });

export default function Referrals({ route, user }) {
  const [filters, setFilters] = useState(filtersOf(route.query));
  /* A link to this screen with other filters changes the address, not the form: follow it. */
  const asked = JSON.stringify(filtersOf(route.query));
  useEffect(() => { setFilters(JSON.parse(asked)); }, [asked]);
  useEffect(() => { replaceQuery(filters); }, [filters]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value }));
  const boxKey = `${filters.status}:${filters.overdue}`;
  return html`<div>
    <h1>${t('referral.inbox_title')}</h1>
    <form class="filters" onSubmit=${(e) => e.preventDefault()} aria-label=${t('common.filters')}>
      <div class="field"><label for="ref-direction">${t('referral.direction')}</label>
        <select id="ref-direction" onChange=${set('direction')}>
          <option value="" selected=${!filters.direction}>${t('referral.both')}</option>
          <option value="incoming" selected=${filters.direction === 'incoming'}>${t('referral.incoming')}</option>
          <option value="outgoing" selected=${filters.direction === 'outgoing'}>${t('referral.outgoing')}</option>
        </select></div>
      <div class="field"><label for="ref-status">${t('referral.status')}</label>
        <select id="ref-status" onChange=${set('status')}>
          <option value="" selected=${!filters.status}>${t('common.all')}</option>
          ${REFERRAL_STATUSES.map((s) => html`<option value=${s} selected=${filters.status === s}>${label('referral_status', s)}</option>`)}
        </select></div>
      <div class="field check"><input id="ref-overdue" type="checkbox" checked=${filters.overdue === 'true'}
        onChange=${(e) => setFilters((f) => ({ ...f, overdue: e.currentTarget.checked ? 'true' : '' }))} />
        <label for="ref-overdue">${t('referral.only_overdue')}</label></div>
    </form>
    ${filters.direction !== 'outgoing' ? html`<${Box} key=${`in:${boxKey}`} direction="incoming" filters=${filters} user=${user} />` : null}
    ${filters.direction !== 'incoming' ? html`<${Box} key=${`out:${boxKey}`} direction="outgoing" filters=${filters} user=${user} />` : null}
  </div>`;
}
