/*
 * Distributions: how many of a material were handed to which audience, at
 * an organisation or an activity (list with filters; the form).
 *   #/distributions[?material=ID&audience=...]  #/distributions/new  #/distributions/5/edit
 */
import { html, useState, useEffect } from '../vendor.js';
import { t, fmtNumber, fmtDate } from '../i18n.js';
import { get, getAll, post, patch, del, query } from '../api.js';
import { navigate, replaceQuery } from '../router.js';
import { can, runs } from '../roles.js';
import { MATERIAL_AUDIENCES } from '../enums.js';
import { useAsync, useForm, FilterSelect, Pending, Pager, Input, Select, TextArea, FormStatus, Alert,
  errorText, intOrText, today } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';
import { pickProject } from './dashboard.js';
import { audienceLabel } from './materials.js';

const LIMIT = 50;

function List({ route, user }) {
  const q0 = route.query;
  const [filters, setFilters] = useState({
    material: q0.material || '', audience: q0.audience || '', project: q0.project || '',
    offset: Number(q0.offset) || 0,
  });
  const materials = useAsync(() => getAll('/materials'), []);
  const projects = useAsync(() => get('/projects', { limit: 500 }), []);
  const params = { ...filters, limit: LIMIT };
  const list = useAsync(() => get('/distributions', params), [query(params)]);
  useEffect(() => { replaceQuery({ ...filters, offset: filters.offset || '' }); }, [filters]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value, offset: 0 }));
  const writer = can(user, 'activity.write');
  return html`<div>
    <div class="screen-head">
      <h1>${t('distribution.list_title')}</h1>
      <div class="head-actions">
        ${writer ? html`<a class="button" href=${`#/distributions/new${query({ material: filters.material })}`}>${t('distribution.new')}</a>` : null}
        <a class="button secondary" href=${`/api/v1/distributions.csv${query({ ...filters, offset: undefined })}`} download="distributions.csv">${t('common.export_csv')}</a>
      </div>
    </div>
    <form class="filters" onSubmit=${(e) => e.preventDefault()} aria-label=${t('common.filters')}>
      <${FilterSelect} id="dist-material" label=${t('distribution.material')} value=${filters.material}
        onChange=${set('material')} all=${t('common.all')}
        options=${(materials.data || []).map((m) => [m.id, m.title])} />
      <${FilterSelect} id="dist-audience" label=${t('distribution.audience')} value=${filters.audience}
        onChange=${set('audience')} all=${t('common.all')}
        options=${MATERIAL_AUDIENCES.map((a) => [a, audienceLabel(a)])} />
      <${FilterSelect} id="dist-project" label=${t('dashboard.project')} value=${filters.project}
        onChange=${set('project')} all=${t('common.all_projects')}
        options=${(projects.data ? projects.data.items : []).map((p) => [p.id, p.code])} />
    </form>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${t('common.found', { n: fmtNumber(list.data.total) })}</p>
      ${list.data.items.length ? html`<div class="table-wrap"><table class="list distributions">
        <thead><tr><th scope="col">${t('distribution.date')}</th><th scope="col">${t('distribution.material')}</th>
          <th scope="col">${t('distribution.where')}</th><th scope="col">${t('distribution.audience')}</th>
          <th scope="col" class="num">${t('distribution.quantity')}</th><th scope="col">${t('distribution.run_by')}</th></tr></thead>
        <tbody>${list.data.items.map((d) => html`<tr>
          <th scope="row">${writer && runs(user, d.run_by) ? html`<a href=${`#/distributions/${d.id}/edit`}>${fmtDate(d.date)}</a>` : fmtDate(d.date)}</th>
          <td><a href=${`#/materials/${d.material_id}`}>${d.material_title}</a></td>
          <td>${d.organisation_id ? html`<a href=${`#/organisations/${d.organisation_id}`}>${d.organisation_name}</a>` : ''}</td>
          <td>${audienceLabel(d.audience)}</td>
          <td class="num">${fmtNumber(d.quantity)}</td>
          <td>${d.run_by_name || ''}</td></tr>`)}</tbody>
      </table></div>` : null}
      <${Pager} total=${list.data.total} limit=${LIMIT} offset=${filters.offset}
        onPage=${(o) => setFilters((f) => ({ ...f, offset: o }))} />`}
  </div>`;
}

function toValues(d, user, projects, preset) {
  const project = pickProject(projects, null);
  return {
    project_id: d ? String(d.project_id) : String((project || {}).id || ''),
    material_id: d ? String(d.material_id) : String(preset.material_id || ''),
    organisation_id: d ? d.organisation_id || '' : '',
    organisation_name: d ? d.organisation_name || '' : '',
    activity_id: d && d.activity_id ? String(d.activity_id) : '',
    run_by: d ? d.run_by : (user.organisation_id || ''),
    run_by_name: d ? d.run_by_name : (preset.run_by_name || ''),
    audience: d ? d.audience : 'pupils',
    quantity: d ? String(d.quantity) : '',
    date: d ? d.date : today(),
    notes: d ? d.notes || '' : '',
  };
}

function toBody(v) {
  const b = {
    project_id: intOrText(v.project_id),
    material_id: intOrText(v.material_id),
    run_by: intOrText(v.run_by),
    activity_id: intOrText(v.activity_id),
    audience: v.audience,
    quantity: intOrText(v.quantity),
    date: v.date,
    notes: String(v.notes || ''),
  };
  const org = intOrText(v.organisation_id);
  if (org !== null) b.organisation_id = org;
  return b;
}

/* The activities at the chosen organisation, offered to tie the distribution to one of them. */
function ActivityChoice({ f }) {
  const org = f.values.organisation_id;
  const acts = useAsync(() => (org ? get('/activities', { organisation: org, project: f.values.project_id, limit: 200 }) : Promise.resolve({ items: [] })),
    [String(org), String(f.values.project_id)]);
  const items = acts.data ? acts.data.items : [];
  return html`<${Select} f=${f} name="activity_id" label=${t('distribution.activity')} empty=${t('distribution.no_activity')}
    hint=${t('distribution.activity_hint')}
    options=${items.map((a) => [String(a.id), `${fmtDate(a.date)} – ${a.organisation_name}`])} />`;
}

function DistributionForm({ distribution, user, projects, materials, preset, onSaved }) {
  const isNew = !distribution;
  const f = useForm({
    form: isNew ? 'distribution.new' : `distribution.${distribution.id}`,
    initial: toValues(distribution, user, projects, preset),
    required: ['project_id', 'material_id', 'run_by', 'audience', 'quantity', 'date'],
    submit: async (v) => {
      const saved = isNew ? await post('/distributions', toBody(v)) : await patch(`/distributions/${distribution.id}`, toBody(v));
      onSaved(saved);
    },
  });
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form distribution-form">
    <${FormStatus} f=${f} />
    <div class="grid">
      <${Select} f=${f} name="project_id" label=${t('distribution.project')} required
        options=${projects.map((p) => [String(p.id), `${p.code} – ${p.title}`])} empty=${projects.length ? undefined : t('common.none')} />
      <${Select} f=${f} name="material_id" label=${t('distribution.material')} required empty=${t('distribution.choose_material')}
        options=${materials.map((m) => [String(m.id), m.title])} />
      <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('distribution.organisation')}
        hint=${t('distribution.organisation_hint')} />
      <${ActivityChoice} f=${f} />
      <${Select} f=${f} name="audience" label=${t('distribution.audience')} required
        options=${MATERIAL_AUDIENCES.map((a) => [a, audienceLabel(a)])} />
      <${Input} f=${f} name="quantity" label=${t('distribution.quantity')} type="number" inputmode="numeric"
        min="1" step="1" required />
      <${Input} f=${f} name="date" label=${t('distribution.date')} type="date" required />
      <${OrgPicker} f=${f} name="run_by" nameField="run_by_name" labelText=${t('distribution.run_by')} required
        hint=${t('distribution.run_by_hint')} />
      <${TextArea} f=${f} name="notes" label=${t('distribution.notes')} rows="2" />
    </div>
    <div class="actions sticky">
      <button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button>
      <a class="button secondary" href="#/distributions">${t('common.cancel')}</a>
    </div>
  </form>`;
}

function Edit({ id, user, route }) {
  const data = useAsync(async () => {
    const [projects, materials, distribution] = await Promise.all([
      get('/projects', { limit: 500 }),
      getAll('/materials'),
      id ? get(`/distributions/${id}`) : Promise.resolve(null),
    ]);
    const preset = { material_id: route.query.material || '' };
    if (!distribution && user.organisation_id) {
      try {
        preset.run_by_name = (await get(`/organisations/${user.organisation_id}`)).name;
      } catch {
        /* the name shows once chosen */
      }
    }
    return { projects: projects.items, materials, distribution, preset };
  }, [id]);
  const [problem, setProblem] = useState(null);
  const title = id ? t('distribution.edit_title') : t('distribution.new_title');
  if (!data.data) return html`<h1>${title}</h1><${Pending} state=${data} />`;
  const { projects, materials, distribution, preset } = data.data;
  async function remove() {
    try {
      await del(`/distributions/${id}`);
      navigate('/distributions');
    } catch (e) {
      setProblem(errorText(e));
    }
  }
  return html`<div>
    <p class="crumbs"><a href="#/distributions">${t('distribution.list_title')}</a></p>
    <div class="screen-head"><h1>${title}</h1>
      ${id ? html`<div class="head-actions"><button type="button" class="danger" onClick=${remove}>${t('common.delete')}</button></div>` : null}
    </div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${!materials.length ? html`<${Alert} kind="info">${t('distribution.no_materials')}<//>` : null}
    <${DistributionForm} distribution=${distribution} user=${user} projects=${projects} materials=${materials}
      preset=${preset} onSaved=${(d) => navigate('/distributions', { material: d.material_id })} />
  </div>`;
}

export default function Distributions({ route, user }) {
  const [, second, third] = route.parts;
  if (second === 'new' || (second && third === 'edit')) {
    if (!can(user, 'activity.write')) return html`<h1>${t('error.forbidden')}</h1>`;
    return html`<${Edit} key=${second} id=${second === 'new' ? null : second} user=${user} route=${route} />`;
  }
  return html`<${List} route=${route} user=${user} />`;
}
