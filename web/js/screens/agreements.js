/*
 * Agreements with businesses and hotels (pledges, codes of conduct,
 * memoranda, data-sharing agreements): the list with filters, the form, and
 * the signed document.
 *   #/agreements[?organisation=ID&kind=...&status=...]  #/agreements/new  #/agreements/5
 */
import { html, useState, useEffect } from '../vendor.js';
import { t, label, fmtNumber, fmtDate } from '../i18n.js';
import { get, post, patch, del, query } from '../api.js';
import { navigate, replaceQuery } from '../router.js';
import { can, runs } from '../roles.js';
import { AGREEMENT_KINDS, AGREEMENT_STATUSES } from '../enums.js';
import { useAsync, useForm, FilterSelect, Pending, Pager, Input, Select, TextArea, FormStatus, Alert,
  errorText, intOrText, nullIfEmpty } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';
import { FileBox } from '../filebox.js';
import { pickProject } from './dashboard.js';

const LIMIT = 50;

function List({ route, user }) {
  const q0 = route.query;
  const [filters, setFilters] = useState({
    kind: q0.kind || '', status: q0.status || '', project: q0.project || '',
    organisation: q0.organisation || '', offset: Number(q0.offset) || 0,
  });
  const projects = useAsync(() => get('/projects', { limit: 500 }), []);
  const params = { ...filters, limit: LIMIT };
  const list = useAsync(() => get('/agreements', params), [query(params)]);
  useEffect(() => { replaceQuery({ ...filters, offset: filters.offset || '' }); }, [filters]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value, offset: 0 }));
  return html`<div>
    <div class="screen-head">
      <h1>${t('agreement.list_title')}</h1>
      <div class="head-actions">
        ${can(user, 'agreement.write') ? html`<a class="button" href="#/agreements/new">${t('agreement.new')}</a>` : null}
        <a class="button secondary" href=${`/api/v1/agreements.csv${query({ ...filters, offset: undefined })}`} download="agreements.csv">${t('common.export_csv')}</a>
      </div>
    </div>
    <form class="filters" onSubmit=${(e) => e.preventDefault()} aria-label=${t('common.filters')}>
      <${FilterSelect} id="agr-project" label=${t('dashboard.project')} value=${filters.project}
        onChange=${set('project')} all=${t('common.all_projects')}
        options=${(projects.data ? projects.data.items : []).map((p) => [p.id, p.code])} />
      <${FilterSelect} id="agr-kind" label=${t('agreement.kind')} value=${filters.kind}
        onChange=${set('kind')} all=${t('common.all')}
        options=${AGREEMENT_KINDS.map((k) => [k, label('agreement.kind', k)])} />
      <${FilterSelect} id="agr-status" label=${t('agreement.status')} value=${filters.status}
        onChange=${set('status')} all=${t('common.all')}
        options=${AGREEMENT_STATUSES.map((k) => [k, label('agreement.status', k)])} />
      ${filters.organisation ? html`<div class="field"><span class="tag">${t('agreement.one_organisation')}</span>
        <button type="button" class="link" onClick=${() => setFilters((f) => ({ ...f, organisation: '', offset: 0 }))}>${t('common.clear')}</button></div>` : null}
    </form>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${t('common.found', { n: fmtNumber(list.data.total) })}</p>
      ${list.data.items.length ? html`<div class="table-wrap"><table class="list agreements">
        <thead><tr><th scope="col">${t('agreement.organisation')}</th><th scope="col">${t('agreement.kind')}</th>
          <th scope="col">${t('agreement.status')}</th><th scope="col">${t('agreement.signed')}</th>
          <th scope="col">${t('agreement.expires')}</th><th scope="col">${t('agreement.document')}</th></tr></thead>
        <tbody>${list.data.items.map((a) => html`<tr>
          <th scope="row"><a href=${`#/agreements/${a.id}`}>${a.organisation_name}</a></th>
          <td>${label('agreement.kind', a.kind)}</td>
          <td>${label('agreement.status', a.status)}</td>
          <td>${a.signed ? fmtDate(a.signed) : ''}</td>
          <td>${a.expires ? fmtDate(a.expires) : ''}</td>
          <td>${a.file_name ? html`<a href=${`/api/v1/agreements/${a.id}/file`} download=${a.file_name}>${a.file_name}</a>` : ''}</td></tr>`)}</tbody>
      </table></div>` : null}
      <${Pager} total=${list.data.total} limit=${LIMIT} offset=${filters.offset}
        onPage=${(o) => setFilters((f) => ({ ...f, offset: o }))} />`}
  </div>`;
}

function toValues(a, user, projects, preset) {
  const project = pickProject(projects, null);
  return {
    project_id: a ? String(a.project_id) : String((project || {}).id || ''),
    organisation_id: a ? a.organisation_id : (preset.organisation_id || ''),
    organisation_name: a ? a.organisation_name : (preset.organisation_name || ''),
    run_by: a ? a.run_by : (user.organisation_id || ''),
    run_by_name: a ? a.run_by_name : (preset.run_by_name || ''),
    kind: a ? a.kind : 'pledge',
    status: a ? a.status : 'draft',
    signed: a ? a.signed || '' : '',
    expires: a ? a.expires || '' : '',
    notes: a ? a.notes || '' : '',
  };
}

function toBody(v) {
  return {
    project_id: intOrText(v.project_id),
    organisation_id: intOrText(v.organisation_id),
    run_by: intOrText(v.run_by),
    kind: v.kind,
    status: v.status,
    signed: nullIfEmpty(v.signed),
    expires: nullIfEmpty(v.expires),
    notes: String(v.notes || ''),
  };
}

function AgreementForm({ agreement, user, projects, preset, onSaved }) {
  const isNew = !agreement;
  const f = useForm({
    form: isNew ? 'agreement.new' : `agreement.${agreement.id}`,
    initial: toValues(agreement, user, projects, preset),
    required: ['project_id', 'organisation_id', 'run_by', 'kind', 'status'],
    submit: async (v) => {
      const saved = isNew ? await post('/agreements', toBody(v)) : await patch(`/agreements/${agreement.id}`, toBody(v));
      onSaved(saved);
    },
  });
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form agreement-form">
    <${FormStatus} f=${f} savedText=${t('agreement.saved')} />
    <div class="grid">
      <${Select} f=${f} name="project_id" label=${t('agreement.project')} required
        options=${projects.map((p) => [String(p.id), `${p.code} – ${p.title}`])} empty=${projects.length ? undefined : t('common.none')} />
      <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('agreement.organisation')} required
        hint=${t('agreement.organisation_hint')} />
      <${Select} f=${f} name="kind" label=${t('agreement.kind')} required
        options=${AGREEMENT_KINDS.map((k) => [k, label('agreement.kind', k)])} />
      <${Select} f=${f} name="status" label=${t('agreement.status')} required
        options=${AGREEMENT_STATUSES.map((k) => [k, label('agreement.status', k)])} />
      <${Input} f=${f} name="signed" label=${t('agreement.signed')} type="date" />
      <${Input} f=${f} name="expires" label=${t('agreement.expires')} type="date" />
      <${OrgPicker} f=${f} name="run_by" nameField="run_by_name" labelText=${t('agreement.run_by')} required
        hint=${t('agreement.run_by_hint')} />
      <${TextArea} f=${f} name="notes" label=${t('agreement.notes')} rows="3" />
    </div>
    <div class="actions sticky">
      <button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button>
      <a class="button secondary" href="#/agreements">${t('common.cancel')}</a>
    </div>
  </form>`;
}

function Page({ id, user, route }) {
  const data = useAsync(async () => {
    const [projects, agreement] = await Promise.all([
      get('/projects', { limit: 500 }),
      id ? get(`/agreements/${id}`) : Promise.resolve(null),
    ]);
    const preset = {};
    const orgId = route.query.organisation;
    if (!id && orgId) {
      const o = await get(`/organisations/${orgId}`);
      preset.organisation_id = o.id;
      preset.organisation_name = o.name;
    }
    if (!agreement && user.organisation_id) {
      try {
        preset.run_by_name = (await get(`/organisations/${user.organisation_id}`)).name;
      } catch {
        /* the name shows once chosen */
      }
    }
    return { projects: projects.items, agreement, preset };
  }, [id]);
  const [current, setCurrent] = useState(null);
  const [problem, setProblem] = useState(null);
  if (!data.data) return html`<h1>${id ? t('agreement.title') : t('agreement.new_title')}</h1><${Pending} state=${data} />`;
  const { projects, preset } = data.data;
  const agreement = current || data.data.agreement;
  const writer = can(user, 'agreement.write') && (!agreement || runs(user, agreement.run_by));
  const title = !id ? t('agreement.new_title') : t('agreement.title');
  async function remove() {
    try {
      await del(`/agreements/${id}`);
      navigate('/agreements');
    } catch (e) {
      setProblem(errorText(e));
    }
  }
  return html`<div>
    <p class="crumbs"><a href="#/agreements">${t('agreement.list_title')}</a></p>
    <div class="screen-head"><h1>${title}</h1>
      ${id && writer ? html`<div class="head-actions"><button type="button" class="danger" onClick=${remove}>${t('common.delete')}</button></div>` : null}
    </div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${writer ? html`<${AgreementForm} agreement=${agreement} user=${user} projects=${projects} preset=${preset}
      onSaved=${(a) => { if (!id) navigate(`/agreements/${a.id}`); else setCurrent(a); }} />` : html`<dl class="facts">
        <dt>${t('agreement.organisation')}</dt><dd><a href=${`#/organisations/${agreement.organisation_id}`}>${agreement.organisation_name}</a></dd>
        <dt>${t('agreement.kind')}</dt><dd>${label('agreement.kind', agreement.kind)}</dd>
        <dt>${t('agreement.status')}</dt><dd>${label('agreement.status', agreement.status)}</dd>
        <dt>${t('agreement.signed')}</dt><dd>${agreement.signed ? fmtDate(agreement.signed) : ''}</dd>
        <dt>${t('agreement.expires')}</dt><dd>${agreement.expires ? fmtDate(agreement.expires) : ''}</dd>
        <dt>${t('agreement.run_by')}</dt><dd>${agreement.run_by_name || ''}</dd>
        <dt>${t('agreement.notes')}</dt><dd>${agreement.notes || ''}</dd>
      </dl>`}
    ${agreement ? html`<${FileBox} base=${`/agreements/${agreement.id}`} record=${agreement} group="agreement"
      canWrite=${writer} onChange=${(a) => setCurrent(a)} />` : html`<p class="hint">${t('agreement.file_after_save')}</p>`}
  </div>`;
}

export default function Agreements({ route, user }) {
  const [, second] = route.parts;
  if (second === 'new' && !can(user, 'agreement.write')) return html`<h1>${t('error.forbidden')}</h1>`;
  if (second) return html`<${Page} key=${second} id=${second === 'new' ? null : second} user=${user} route=${route} />`;
  return html`<${List} route=${route} user=${user} />`;
}
