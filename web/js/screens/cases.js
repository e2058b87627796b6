/*
 * Victims' cases of one's agency: the list, searching by reference, name or
 * date of birth, and the way to the registration form and the case page.
 *   #/cases  #/cases/new  #/cases/12[?tab=...]
 * The list shows coarse fields only; a person's name and date of birth
 * appear only in the rows a search found (the server records each such row
 * as read).  The search text is never put in the address.
 */
import { html, useState, useEffect } from '../vendor.js';
import { t, label, fmtNumber, fmtDate } from '../i18n.js';
import { get, query } from '../api.js';
import { replaceQuery } from '../router.js';
import { can } from '../roles.js';
import { CASE_STATUSES } from '../enums.js';
import { useAsync, Pending, Pager } from '../ui.js';
import { labels, personName } from '../casework.js';
import CaseNew from './casenew.js';
import CasePage from './casepage.js';

const LIMIT = 50;

function List({ route, user }) {
  const q0 = route.query;
  const [filters, setFilters] = useState({ status: q0.status || '', offset: Number(q0.offset) || 0, q: '' });
  const [typed, setTyped] = useState('');
  const params = { ...filters, limit: LIMIT };
  const list = useAsync(() => get('/cases', params), [query(params)]);
  useEffect(() => { replaceQuery({ status: filters.status, offset: filters.offset || '' }); }, [filters.status, filters.offset]);
  const searched = !!filters.q;
  return html`<div>
    <div class="screen-head">
      <h1>${t('case.list_title')}</h1>
      ${can(user, 'case.write') ? html`<div class="head-actions"><a class="button" href="#/cases/new">${t('case.new')}</a></div>` : null}
    </div>
    <form class="filters" role="search" onSubmit=${(e) => { e.preventDefault(); setFilters((f) => ({ ...f, q: typed.trim(), offset: 0 })); }}>
      <div class="field grow"><label for="case-q">${t('case.search')}</label>
        <p class="hint" id="case-q-hint">${t('case.search_hint')}</p>
        <input id="case-q" type="search" value=${typed} autocomplete="off" aria-describedby="case-q-hint"
          onInput=${(e) => setTyped(e.currentTarget.value)} /></div>
      <div class="field"><label for="case-status">${t('case.status')}</label>
        <select id="case-status" onChange=${(e) => setFilters((f) => ({ ...f, status: e.currentTarget.value, offset: 0 }))}>
          <option value="" selected=${!filters.status}>${t('common.all')}</option>
          ${CASE_STATUSES.map((s) => html`<option value=${s} selected=${filters.status === s}>${label('case_status', s)}</option>`)}
        </select></div>
      <div class="field actions-field">
        <button type="submit">${t('common.search')}</button>
        ${searched ? html`${' '}<button type="button" class="secondary" onClick=${() => { setTyped(''); setFilters((f) => ({ ...f, q: '', offset: 0 })); }}>${t('common.clear')}</button>` : null}
      </div>
    </form>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${searched ? t('case.found_search', { n: fmtNumber(list.data.total) }) : t('common.found', { n: fmtNumber(list.data.total) })}</p>
      ${list.data.items.length ? html`<div class="table-wrap"><table class="list cases">
        <thead><tr><th scope="col">${t('case.reference')}</th>
          ${searched ? html`<th scope="col">${t('case.name')}</th><th scope="col">${t('case.birth_date')}</th>` : null}
          <th scope="col">${t('case.status')}</th><th scope="col">${t('case.age_band')}</th>
          <th scope="col">${t('case.gender')}</th><th scope="col">${t('case.exploitation_types')}</th>
          <th scope="col" class="num">${t('case.open_referrals')}</th><th scope="col">${t('case.flags')}</th></tr></thead>
        <tbody>${list.data.items.map((c) => {
          /* The server counts the open and overdue referrals the agency is a side of. */
          const r = { open: c.open_referrals || 0, overdue: c.overdue_referrals || 0 };
          return html`<tr>
            <th scope="row"><a href=${`#/cases/${c.id}`}>${c.reference}</a>
              ${c.organisation_id !== user.organisation_id ? html`<br /><span class="opt-meta">${c.organisation_name}</span>` : null}</th>
            ${searched ? html`<td>${personName(c)}</td><td>${fmtDate(c.birth_date)}</td>` : null}
            <td>${label('case_status', c.status)}</td><td>${c.age_band || '–'}</td>
            <td>${label('gender', c.gender)}</td><td>${labels('exploitation', c.exploitation_types) || '–'}</td>
            <td class="num">${fmtNumber(r.open)}</td>
            <td>${c.recovery_overdue ? html`<span class="tag alarm">${t('case.flag_recovery')}</span> ` : null}
              ${r.overdue ? html`<span class="tag alarm">${t('case.flag_referral', { n: fmtNumber(r.overdue) })}</span>` : null}</td>
          </tr>`;
        })}</tbody>
      </table></div>` : html`<p>${searched ? t('case.none_found') : t('case.none')}</p>`}
      <${Pager} total=${list.data.total} limit=${LIMIT} offset=${filters.offset}
        onPage=${(o) => setFilters((f) => ({ ...f, offset: o }))} />`}
  </div>`;
}

export default function Cases({ route, user }) {
  const [, second] = route.parts;
  if (second === 'new') {
    if (!can(user, 'case.write')) return html`<h1>${t('error.forbidden')}</h1>`;
    return html`<${CaseNew} key="new" user=${user} />`;
  }
  if (second && /^\d+$/.test(second)) return html`<${CasePage} key=${second} id=${second} user=${user} route=${route} />`;
  return html`<${List} route=${route} user=${user} />`;
}
