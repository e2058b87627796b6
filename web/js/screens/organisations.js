/*
 * Organisations: the list with search and filters, one organisation with its
 * activities, and the form to add or change one.
 *   #/organisations  #/organisations/new  #/organisations/12  #/organisations/12/edit
 */
import { html, useState, useEffect, useRef } from '../vendor.js';
import { t, label, fmtNumber, fmtDate, countryName } from '../i18n.js';
import { get, post, patch, del, query } from '../api.js';
import { navigate, replaceQuery } from '../router.js';
import { can, runs } from '../roles.js';
import { ORG_KINDS, COUNTRIES } from '../enums.js';
import { useAsync, useForm, Pending, Pager, Input, Select, TextArea, FormStatus, Alert, errorText, nullIfEmpty } from '../ui.js';

let municipalitiesCache = null;
export function useMunicipalities() {
  return useAsync(async () => {
    if (!municipalitiesCache) {
      const r = await get('/municipalities');
      municipalitiesCache = (r.items || r).map((m) => m.name);
    }
    return municipalitiesCache;
  }, []);
}

const LIMIT = 50;

function List({ route, user }) {
  const q0 = route.query;
  const [filters, setFilters] = useState({
    q: q0.q || '', kind: q0.kind || '', country: q0.country || '', municipality: q0.municipality || '',
    visited: q0.visited || '', offset: Number(q0.offset) || 0,
  });
  const [typed, setTyped] = useState(filters.q);
  const munis = useMunicipalities();
  const params = { ...filters, limit: LIMIT };
  const list = useAsync(() => get('/organisations', params), [query(params)]);
  useEffect(() => { replaceQuery({ ...filters, offset: filters.offset || '' }); }, [filters]);
  useEffect(() => {
    if (typed === filters.q) return undefined;
    const id = setTimeout(() => setFilters((f) => ({ ...f, q: typed, offset: 0 })), 300);
    return () => clearTimeout(id);
  }, [typed]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value, offset: 0 }));
  const exportParams = { ...filters, offset: undefined };
  delete exportParams.offset;

  return html`<div>
    <div class="screen-head">
      <h1>${t('org.list_title')}</h1>
      <div class="head-actions">
        ${can(user, 'organisation.write') ? html`<a class="button" href="#/organisations/new">${t('org.new')}</a>` : null}
        <a class="button secondary" href=${`/api/v1/organisations.csv${query(exportParams)}`} download="organisations.csv">${t('common.export_csv')}</a>
      </div>
    </div>
    <form class="filters" role="search" onSubmit=${(e) => { e.preventDefault(); setFilters((f) => ({ ...f, q: typed, offset: 0 })); }}>
      <div class="field grow"><label for="org-q">${t('common.search')}</label>
        <input id="org-q" type="search" value=${typed} onInput=${(e) => setTyped(e.currentTarget.value)} /></div>
      <div class="field"><label for="org-kind">${t('org.kind')}</label>
        <select id="org-kind" onChange=${set('kind')}>
          <option value="" selected=${!filters.kind}>${t('common.all')}</option>
          ${ORG_KINDS.map((k) => html`<option value=${k} selected=${filters.kind === k}>${label('kind', k)}</option>`)}
        </select></div>
      <div class="field"><label for="org-country">${t('org.country')}</label>
        <select id="org-country" onChange=${set('country')}>
          <option value="" selected=${!filters.country}>${t('common.all')}</option>
          ${COUNTRIES.map((c) => html`<option value=${c} selected=${filters.country === c}>${countryName(c)}</option>`)}
        </select></div>
      <div class="field"><label for="org-muni">${t('org.municipality')}</label>
        <select id="org-muni" onChange=${set('municipality')}>
          <option value="" selected=${!filters.municipality}>${t('common.all')}</option>
          ${(munis.data || []).map((m) => html`<option value=${m} selected=${filters.municipality === m}>${m}</option>`)}
        </select></div>
      <div class="field"><label for="org-visited">${t('org.visited')}</label>
        <select id="org-visited" onChange=${set('visited')}>
          <option value="" selected=${!filters.visited}>${t('common.all')}</option>
          <option value="true" selected=${filters.visited === 'true'}>${t('org.visited_yes')}</option>
          <option value="false" selected=${filters.visited === 'false'}>${t('org.visited_no')}</option>
        </select></div>
    </form>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${t('common.found', { n: fmtNumber(list.data.total) })}</p>
      ${list.data.items.length ? html`<div class="table-wrap"><table class="list">
        <thead><tr><th scope="col">${t('org.name')}</th><th scope="col">${t('org.kind')}</th>
          <th scope="col">${t('org.municipality')}</th><th scope="col">${t('org.country')}</th></tr></thead>
        <tbody>${list.data.items.map((o) => html`<tr>
          <th scope="row"><a href=${`#/organisations/${o.id}`}>${o.name}</a></th>
          <td>${label('kind', o.kind)}</td><td>${o.municipality || ''}</td><td>${countryName(o.country)}</td></tr>`)}</tbody>
      </table></div>` : null}
      <${Pager} total=${list.data.total} limit=${LIMIT} offset=${filters.offset}
        onPage=${(o) => setFilters((f) => ({ ...f, offset: o }))} />`}
  </div>`;
}

function Detail({ id, user }) {
  const org = useAsync(() => get(`/organisations/${id}`), [id]);
  const acts = useAsync(() => (can(user, 'activity.read')
    ? get('/activities', { organisation: id, limit: 100 }) : Promise.resolve(null)), [id]);
  const [confirm, setConfirm] = useState(false);
  const [problem, setProblem] = useState(null);
  if (!org.data) return html`<h1>${t('org.title')}</h1><${Pending} state=${org} />`;
  const o = org.data;
  async function remove() {
    try {
      await del(`/organisations/${id}`);
      navigate('/organisations');
    } catch (e) {
      setProblem(errorText(e));
      setConfirm(false);
    }
  }
  const rows = [
    [t('org.kind'), label('kind', o.kind)],
    [t('org.country'), countryName(o.country)],
    [t('org.municipality'), o.municipality],
    [t('org.address'), o.address],
    [t('org.contact_name'), o.contact_name],
    [t('org.phone'), o.phone],
    [t('org.email'), o.email],
    [t('org.website'), o.website],
    [t('org.coordinates'), o.lat !== null && o.lat !== undefined && o.lon !== null ? `${o.lat}, ${o.lon}` : null],
    [t('org.activities_count'), o.activities_count !== undefined ? fmtNumber(o.activities_count) : null],
    [t('org.last_activity'), o.last_activity ? fmtDate(o.last_activity) : null],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return html`<div>
    <p class="crumbs"><a href="#/organisations">${t('org.list_title')}</a></p>
    <div class="screen-head">
      <h1>${o.name}</h1>
      <div class="head-actions">
        ${can(user, 'organisation.write') ? html`<a class="button" href=${`#/organisations/${id}/edit`}>${t('common.edit')}</a>` : null}
        ${can(user, 'activity.write') ? html`<a class="button secondary" href=${`#/activities/new?organisation=${id}`}>${t('activity.new')}</a>` : null}
        ${can(user, 'organisation.delete') && !confirm ? html`<button type="button" class="danger" onClick=${() => setConfirm(true)}>${t('common.delete')}</button>` : null}
      </div>
    </div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${confirm ? html`<div class="notice warn" role="alert">
      <p>${t('org.delete_confirm', { name: o.name })}</p>
      <button type="button" class="danger" onClick=${remove}>${t('common.delete')}</button>
      ${' '}<button type="button" class="secondary" onClick=${() => setConfirm(false)}>${t('common.cancel')}</button>
    </div>` : null}
    <dl class="details">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
    ${o.notes ? html`<section class="panel"><h2>${t('org.notes')}</h2><p class="pre">${o.notes}</p></section>` : null}
    ${acts.data ? html`<section class="panel" aria-labelledby="h-acts">
      <h2 id="h-acts">${t('org.its_activities', { n: fmtNumber(acts.data.total) })}</h2>
      ${acts.data.items.length ? html`<div class="table-wrap"><table>
        <thead><tr><th scope="col">${t('activity.date')}</th><th scope="col">${t('activity.kind')}</th>
          <th scope="col">${t('activity.run_by')}</th><th scope="col" class="num">${t('activity.headcount')}</th></tr></thead>
        <tbody>${acts.data.items.map((a) => html`<tr>
          <th scope="row">${can(user, 'activity.write') && runs(user, a.run_by) ? html`<a href=${`#/activities/${a.id}/edit`}>${fmtDate(a.date)}</a>` : fmtDate(a.date)}</th>
          <td>${label('activity_kind', a.kind)}</td><td>${a.run_by_name || ''}</td>
          <td class="num">${fmtNumber(headcount(a))}</td></tr>`)}</tbody>
      </table></div>` : html`<p>${t('org.no_activities')}</p>`}
    </section>` : acts.error ? html`<${Alert}>${errorText(acts.error)}<//>` : null}
    ${BUSINESS_KINDS.includes(o.kind) && can(user, 'engagement.read') ? html`<${Cooperation} id=${id} />` : null}
  </div>`;
}

/* Kinds whose page shows the cooperation record (engagement, agreements, trainings, meetings). */
const BUSINESS_KINDS = ['business', 'hotel', 'health_service'];

function ActivityTable({ items }) {
  return html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">${t('activity.date')}</th><th scope="col">${t('activity.kind')}</th>
      <th scope="col">${t('activity.run_by')}</th><th scope="col" class="num">${t('activity.headcount')}</th></tr></thead>
    <tbody>${items.map((a) => html`<tr><th scope="row">${fmtDate(a.date)}</th>
      <td>${label('activity_kind', a.kind)}</td><td>${a.run_by_name || ''}</td>
      <td class="num">${fmtNumber(headcount(a))}</td></tr>`)}</tbody>
  </table></div>`;
}

function Cooperation({ id }) {
  const c = useAsync(() => get(`/organisations/${id}/activities`), [id]);
  if (!c.data) return html`<${Pending} state=${c} />`;
  const { engagements, agreements, trainings, meetings } = c.data;
  return html`<section class="panel" aria-labelledby="h-coop">
    <h2 id="h-coop">${t('business.title')}</h2>
    <h3>${t('business.engagement')}</h3>
    ${engagements.length ? html`<ul>${engagements.map((e) => html`<li data-engagement=${e.id}>
      ${t('business.stage', { stage: label('pipeline.stage', e.stage) })}${e.next_follow_up
        ? html` · ${t('pipeline.next_follow_up')}: ${fmtDate(e.next_follow_up)}` : null}
      ${' '}<a href="#/pipeline">${t('business.to_board')}</a></li>`)}</ul>` : html`<p>${t('business.no_engagement')}</p>`}
    <h3>${t('business.agreements')}</h3>
    ${agreements.length ? html`<ul>${agreements.map((a) => html`<li>
      ${label('business.kind', a.kind)} · ${label('business.status', a.status)}${a.signed ? html` · ${fmtDate(a.signed)}` : null}</li>`)}</ul>`
      : html`<p>${t('business.no_agreements')}</p>`}
    <h3>${t('business.trainings')}</h3>
    ${trainings.length ? html`<${ActivityTable} items=${trainings} />` : html`<p>${t('business.no_trainings')}</p>`}
    <h3>${t('business.meetings')}</h3>
    ${meetings.length ? html`<${ActivityTable} items=${meetings} />` : html`<p>${t('business.no_meetings')}</p>`}
  </section>`;
}

export function headcount(a) {
  return ['youths', 'specialists', 'teachers', 'parents', 'business_staff', 'public']
    .reduce((s, k) => s + (Number(a[k]) || 0), 0);
}

const FIELDS = ['name', 'kind', 'country', 'municipality', 'address', 'contact_name', 'phone', 'email', 'website', 'lat', 'lon', 'notes'];

function toValues(o) {
  const v = {};
  for (const k of FIELDS) v[k] = o && o[k] !== null && o[k] !== undefined ? String(o[k]) : '';
  if (!o) {
    v.country = 'LT';
    v.kind = '';
  }
  return v;
}

function toBody(v, isNew) {
  const b = {};
  for (const k of FIELDS) {
    const x = nullIfEmpty(v[k]);
    if (k === 'lat' || k === 'lon') {
      if (x === null) b[k] = null;
      else {
        const n = Number(x.replace(',', '.'));
        b[k] = Number.isFinite(n) ? n : x;
      }
    } else if (k === 'country' && x) b[k] = x.toUpperCase();
    else b[k] = x;
  }
  if (isNew) for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
  return b;
}

function OrgForm({ org, onSaved }) {
  const isNew = !org;
  const munis = useMunicipalities();
  const f = useForm({
    form: isNew ? 'organisation.new' : `organisation.${org.id}`,
    initial: toValues(org),
    required: ['name', 'kind', 'country'],
    submit: async (v) => {
      const saved = isNew ? await post('/organisations', toBody(v, true)) : await patch(`/organisations/${org.id}`, toBody(v, false));
      onSaved(saved);
    },
  });
  const lt = (f.values.country || '').toUpperCase() === 'LT';
  const countries = COUNTRIES.includes(f.values.country) || !f.values.country ? COUNTRIES : [...COUNTRIES, f.values.country];
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
    <${FormStatus} f=${f} />
    <div class="grid">
      <${Input} f=${f} name="name" label=${t('org.name')} required wide maxlength="300" />
      <${Select} f=${f} name="kind" label=${t('org.kind')} required empty=${t('common.choose')}
        options=${ORG_KINDS.map((k) => [k, label('kind', k)])} />
      <${Select} f=${f} name="country" label=${t('org.country')} required
        options=${countries.map((c) => [c, countryName(c)])} />
      ${lt ? html`<${Select} f=${f} name="municipality" label=${t('org.municipality')} empty=${t('common.none')}
          options=${(munis.data || (f.values.municipality ? [f.values.municipality] : [])).map((m) => [m, m])} />`
        : html`<${Input} f=${f} name="municipality" label=${t('org.municipality')} maxlength="100" />`}
      <${Input} f=${f} name="address" label=${t('org.address')} wide maxlength="300" autocomplete="street-address" />
      <${Input} f=${f} name="contact_name" label=${t('org.contact_name')} maxlength="200" />
      <${Input} f=${f} name="phone" label=${t('org.phone')} type="tel" maxlength="50" />
      <${Input} f=${f} name="email" label=${t('org.email')} type="email" maxlength="254" />
      <${Input} f=${f} name="website" label=${t('org.website')} type="url" maxlength="300" />
      <${Input} f=${f} name="lat" label=${t('org.lat')} inputmode="decimal" hint=${t('org.lat_hint')} />
      <${Input} f=${f} name="lon" label=${t('org.lon')} inputmode="decimal" hint=${t('org.lon_hint')} />
      <${TextArea} f=${f} name="notes" label=${t('org.notes')} rows="4" />
    </div>
    <div class="actions">
      <button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button>
      <a class="button secondary" href=${isNew ? '#/organisations' : `#/organisations/${org.id}`}>${t('common.cancel')}</a>
    </div>
  </form>`;
}

function Edit({ id }) {
  const org = useAsync(() => (id ? get(`/organisations/${id}`) : Promise.resolve(null)), [id]);
  const title = id ? t('org.edit_title') : t('org.new_title');
  if (id && !org.data) return html`<h1>${title}</h1><${Pending} state=${org} />`;
  return html`<div>
    <p class="crumbs"><a href="#/organisations">${t('org.list_title')}</a></p>
    <h1>${title}${org.data ? html`: ${org.data.name}` : null}</h1>
    <${OrgForm} org=${org.data} onSaved=${(o) => navigate(`/organisations/${o.id}`)} />
  </div>`;
}

export default function Organisations({ route, user }) {
  const [, second, third] = route.parts;
  if (second === 'new') {
    return can(user, 'organisation.write') ? html`<${Edit} key="new" />` : html`<h1>${t('error.forbidden')}</h1>`;
  }
  if (second && /^\d+$/.test(second)) {
    if (third === 'edit') return can(user, 'organisation.write') ? html`<${Edit} key=${second} id=${second} />` : html`<h1>${t('error.forbidden')}</h1>`;
    return html`<${Detail} key=${second} id=${second} user=${user} />`;
  }
  return html`<${List} route=${route} user=${user} />`;
}
