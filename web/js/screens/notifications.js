/*
 * Notices to the agency's case managers: possible duplicates (another
 * agency registered a person with the same full name and date of birth as
 * one of this agency's cases; only that agency and its reference are
 * named, to contact it outside ecat), and the agency's overdue referrals.
 *   #/notifications
 */
import { html, useState } from '../vendor.js';
import { t, label, fmtNumber, fmtDate, fmtTimestamp } from '../i18n.js';
import { get } from '../api.js';
import { useAsync, Pending, Pager } from '../ui.js';
import { labels, referralDue } from '../casework.js';

const LIMIT = 50;

function Duplicates() {
  const [offset, setOffset] = useState(0);
  const list = useAsync(() => get('/notifications', { limit: LIMIT, offset }), [offset]);
  return html`<section class="panel" aria-labelledby="h-dups">
    <h2 id="h-dups">${t('notice.duplicates')}</h2>
    <p class="hint">${t('notice.duplicates_hint')}</p>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<ul class="notices">
      ${list.data.items.map((n) => html`<li class="notice warn">
        <p>${t('notice.duplicate_text', { agency: n.other_organisation_name || '', ref: n.other_reference || '' })}</p>
        <p class="opt-meta">${fmtTimestamp(n.created_at)}
          ${n.case_id ? html` · <a href=${`#/cases/${n.case_id}`}>${t('notice.own_case')}</a>` : null}</p>
      </li>`)}
    </ul>` : html`<p>${t('notice.none')}</p>`}
    ${list.data ? html`<${Pager} total=${list.data.total} limit=${LIMIT} offset=${offset} onPage=${setOffset} />` : null}
  </section>`;
}

function Overdue({ user }) {
  const list = useAsync(() => get('/referrals', { overdue: true, limit: 100 }), []);
  return html`<section class="panel" aria-labelledby="h-overdue">
    <h2 id="h-overdue">${t('notice.overdue_referrals')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('case.reference')}</th><th scope="col">${t('referral.direction')}</th>
        <th scope="col">${t('referral.other_agency')}</th><th scope="col">${t('referral.services')}</th>
        <th scope="col">${t('referral.status')}</th><th scope="col">${t('referral.due')}</th></tr></thead>
      <tbody>${list.data.items.map((r) => {
        const incoming = r.to_organisation_id === user.organisation_id;
        const linked = !incoming || r.status === 'accepted';
        return html`<tr>
          <th scope="row">${linked ? html`<a href=${`#/cases/${r.case_id}?tab=referrals`}>${r.case_reference}</a>` : html`<a href="#/referrals?direction=incoming">${r.case_reference}</a>`}</th>
          <td>${incoming ? t('referral.incoming') : t('referral.outgoing')}</td>
          <td>${incoming ? r.from_organisation_name : r.to_organisation_name}</td>
          <td>${labels('service', r.services)}</td><td>${label('referral_status', r.status)}</td>
          <td>${referralDue(r) ? fmtDate(referralDue(r)) : '–'}</td></tr>`;
      })}</tbody></table></div>
      <p class="count">${t('common.found', { n: fmtNumber(list.data.total) })}</p>` : html`<p>${t('notice.no_overdue')}</p>`}
  </section>`;
}

export default function Notifications({ user }) {
  return html`<div>
    <h1>${t('notice.title')}</h1>
    <${Duplicates} />
    <${Overdue} user=${user} />
  </div>`;
}
