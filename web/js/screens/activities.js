/*
 * Activities: the list with filters, and the quick entry form (made to be
 * filled in on a phone after a visit): institution, date, kind, head-counts
 * per audience, topics, materials.
 *   #/activities  #/activities/new[?organisation=ID]  #/activities/5/edit
 */
import { html, useState, useEffect } from '../vendor.js';
import { t, label, fmtNumber, fmtDate } from '../i18n.js';
import { get, post, patch, del, query } from '../api.js';
import { navigate, replaceQuery } from '../router.js';
import { can, runs } from '../roles.js';
import { ACTIVITY_KINDS, TOPICS, AUDIENCES } from '../enums.js';
import { useAsync, useForm, Pending, Pager, Input, Select, TextArea, CheckboxGroup, FormStatus, Alert,
  errorText, intOrText, today } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';
import { useMunicipalities, headcount } from './organisations.js';
import { pickProject } from './dashboard.js';

const LIMIT = 50;

function List({ route, user }) {
  const q0 = route.query;
  const [filters, setFilters] = useState({
    project: q0.project || '', organisation: q0.organisation || '', kind: q0.kind || '',
    from: q0.from || '', to: q0.to || '', municipality: q0.municipality || '', offset: Number(q0.offset) || 0,
  });
  const projects = useAsync(() => get('/projects', { limit: 500 }), []);
  const munis = useMunicipalities();
  const params = { ...filters, limit: LIMIT };
  const list = useAsync(() => get('/activities', params), [query(params)]);
  useEffect(() => { replaceQuery({ ...filters, offset: filters.offset || '' }); }, [filters]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value, offset: 0 }));
  return html`<div>
    <div class="screen-head">
      <h1>${t('activity.list_title')}</h1>
      <div class="head-actions">
        ${can(user, 'activity.write') ? html`<a class="button" href="#/activities/new">${t('activity.new')}</a>` : null}
        <a class="button secondary" href=${`/api/v1/activities.csv${query({ ...filters, offset: undefined })}`} download="activities.csv">${t('common.export_csv')}</a>
      </div>
    </div>
    <form class="filters" onSubmit=${(e) => e.preventDefault()} aria-label=${t('common.filters')}>
      <div class="field"><label for="act-project">${t('dashboard.project')}</label>
        <select id="act-project" onChange=${set('project')}>
          <option value="" selected=${!filters.project}>${t('common.all_projects')}</option>
          ${(projects.data ? projects.data.items : []).map((p) => html`<option value=${p.id} selected=${String(p.id) === filters.project}>${p.code}</option>`)}
        </select></div>
      <div class="field"><label for="act-kind">${t('activity.kind')}</label>
        <select id="act-kind" onChange=${set('kind')}>
          <option value="" selected=${!filters.kind}>${t('common.all')}</option>
          ${ACTIVITY_KINDS.map((k) => html`<option value=${k} selected=${filters.kind === k}>${label('activity_kind', k)}</option>`)}
        </select></div>
      <div class="field"><label for="act-muni">${t('org.municipality')}</label>
        <select id="act-muni" onChange=${set('municipality')}>
          <option value="" selected=${!filters.municipality}>${t('common.all')}</option>
          ${(munis.data || []).map((m) => html`<option value=${m} selected=${filters.municipality === m}>${m}</option>`)}
        </select></div>
      <div class="field"><label for="act-from">${t('common.from')}</label>
        <input id="act-from" type="date" value=${filters.from} onChange=${set('from')} /></div>
      <div class="field"><label for="act-to">${t('common.to')}</label>
        <input id="act-to" type="date" value=${filters.to} onChange=${set('to')} /></div>
      ${filters.organisation ? html`<div class="field"><span class="tag">${t('activity.one_organisation')}</span>
        <button type="button" class="link" onClick=${() => setFilters((f) => ({ ...f, organisation: '', offset: 0 }))}>${t('common.clear')}</button></div>` : null}
    </form>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${t('common.found', { n: fmtNumber(list.data.total) })}</p>
      ${list.data.items.length ? html`<div class="table-wrap"><table class="list">
        <thead><tr><th scope="col">${t('activity.date')}</th><th scope="col">${t('activity.organisation')}</th>
          <th scope="col">${t('activity.kind')}</th>
          ${AUDIENCES.slice(0, 2).map((a) => html`<th scope="col" class="num">${label('audience', a)}</th>`)}
          <th scope="col" class="num">${t('activity.headcount')}</th></tr></thead>
        <tbody>${list.data.items.map((a) => html`<tr>
          <th scope="row">${can(user, 'activity.write') && runs(user, a.run_by) ? html`<a href=${`#/activities/${a.id}/edit`}>${fmtDate(a.date)}</a>` : fmtDate(a.date)}</th>
          <td><a href=${`#/organisations/${a.organisation_id}`}>${a.organisation_name}</a></td>
          <td>${label('activity_kind', a.kind)}</td>
          <td class="num">${fmtNumber(a.youths)}</td><td class="num">${fmtNumber(a.specialists)}</td>
          <td class="num">${fmtNumber(headcount(a))}</td></tr>`)}</tbody>
      </table></div>` : null}
      <${Pager} total=${list.data.total} limit=${LIMIT} offset=${filters.offset}
        onPage=${(o) => setFilters((f) => ({ ...f, offset: o }))} />`}
  </div>`;
}

/* Today, or the nearest day of the project's period when today is outside it. */
function dayIn(project) {
  const d = today();
  if (!project) return d;
  if (project.end_date && d > project.end_date) return project.end_date;
  if (project.start_date && d < project.start_date) return project.start_date;
  return d;
}

function toValues(a, user, projects, preset) {
  const project = pickProject(projects, null);
  const v = {
    project_id: a ? String(a.project_id) : String((project || {}).id || ''),
    organisation_id: a ? a.organisation_id : (preset.organisation_id || ''),
    organisation_name: a ? a.organisation_name : (preset.organisation_name || ''),
    run_by: a ? a.run_by : (user.organisation_id || ''),
    run_by_name: a ? a.run_by_name : (preset.run_by_name || ''),
    date: a ? a.date : dayIn(project),
    kind: a ? a.kind : 'lecture',
    topics: a ? a.topics || [] : [],
    materials: a ? (a.materials || []).join('\n') : '',
    notes: a ? a.notes || '' : '',
  };
  for (const k of AUDIENCES) v[k] = a ? String(a[k] || 0) : '';
  return v;
}

function toBody(v) {
  const b = {
    project_id: intOrText(v.project_id),
    organisation_id: intOrText(v.organisation_id),
    run_by: intOrText(v.run_by),
    date: v.date,
    kind: v.kind,
    topics: v.topics || [],
    materials: String(v.materials || '').split('\n').map((s) => s.trim()).filter(Boolean),
    notes: String(v.notes || ''),
  };
  for (const k of AUDIENCES) {
    const n = intOrText(v[k]);
    b[k] = n === null ? 0 : n;
  }
  return b;
}

function ActivityForm({ activity, user, projects, preset, onSaved }) {
  const isNew = !activity;
  const [savedNote, setSavedNote] = useState(null);
  const f = useForm({
    form: isNew ? 'activity.new' : `activity.${activity.id}`,
    initial: toValues(activity, user, projects, preset),
    required: ['project_id', 'organisation_id', 'run_by', 'date', 'kind'],
    submit: async (v) => {
      const saved = isNew ? await post('/activities', toBody(v)) : await patch(`/activities/${activity.id}`, toBody(v));
      setSavedNote(t('activity.saved', { name: saved.organisation_name || v.organisation_name, date: fmtDate(saved.date) }));
      if (isNew) {
        /* Ready for the next visit of the same day and organisation kind. */
        f.reset({ ...toValues(null, user, projects, {}), project_id: v.project_id, run_by: v.run_by,
          run_by_name: v.run_by_name, date: v.date, kind: v.kind });
      }
      onSaved(saved);
    },
  });
  const total = AUDIENCES.reduce((s, k) => s + (Number(f.values[k]) || 0), 0);
  const chosen = projects.find((p) => String(p.id) === String(f.values.project_id));
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form activity-form">
    <${FormStatus} f=${f} />
    ${savedNote && !f.formError ? html`<div class="notice success" role="status">${savedNote}</div>` : null}
    <div class="grid">
      <${Select} f=${f} name="project_id" label=${t('activity.project')} required
        options=${projects.map((p) => [String(p.id), `${p.code} – ${p.title}`])} empty=${projects.length ? undefined : t('common.none')} />
      <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('activity.organisation')} required />
      <${Input} f=${f} name="date" label=${t('activity.date')} type="date" required
        min=${chosen ? chosen.start_date : undefined} max=${chosen ? chosen.end_date : undefined} />
      <${Select} f=${f} name="kind" label=${t('activity.kind')} required
        options=${ACTIVITY_KINDS.map((k) => [k, label('activity_kind', k)])} />
    </div>
    <fieldset class="group counts">
      <legend>${t('activity.audience')}</legend>
      <div class="grid narrow">
        ${AUDIENCES.map((k) => html`<${Input} f=${f} name=${k} label=${label('audience', k)} type="number"
          inputmode="numeric" min="0" max="100000" step="1" placeholder="0" />`)}
      </div>
      <p class="sum" aria-live="polite">${t('activity.total', { n: fmtNumber(total) })}</p>
    </fieldset>
    <${CheckboxGroup} f=${f} name="topics" label=${t('activity.topics')}
      options=${TOPICS.map((k) => [k, label('topic', k)])} />
    <div class="grid">
      <${TextArea} f=${f} name="materials" label=${t('activity.materials')} hint=${t('activity.materials_hint')} rows="3" />
      <${OrgPicker} f=${f} name="run_by" nameField="run_by_name" labelText=${t('activity.run_by')} required
        hint=${t('activity.run_by_hint')} />
      <${TextArea} f=${f} name="notes" label=${t('activity.notes')} rows="3" />
    </div>
    <div class="actions sticky">
      <button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button>
      <a class="button secondary" href="#/activities">${t('common.cancel')}</a>
    </div>
  </form>`;
}

function Edit({ id, user, route }) {
  const data = useAsync(async () => {
    const [projects, activity] = await Promise.all([
      get('/projects', { limit: 500 }),
      id ? get(`/activities/${id}`) : Promise.resolve(null),
    ]);
    const preset = {};
    const orgId = route.query.organisation;
    if (!id && orgId) {
      const o = await get(`/organisations/${orgId}`);
      preset.organisation_id = o.id;
      preset.organisation_name = o.name;
    }
    if (!activity && user.organisation_id) {
      try {
        const own = await get(`/organisations/${user.organisation_id}`);
        preset.run_by_name = own.name;
      } catch {
        /* the name shows once chosen */
      }
    }
    return { projects: projects.items, activity, preset };
  }, [id]);
  const [problem, setProblem] = useState(null);
  const title = id ? t('activity.edit_title') : t('activity.new_title');
  if (!data.data) return html`<h1>${title}</h1><${Pending} state=${data} />`;
  const { projects, activity, preset } = data.data;
  if (activity && !runs(user, activity.run_by)) return html`<h1>${title}</h1><${Alert}>${t('activity.other_partner')}<//>`;
  async function remove() {
    try {
      await del(`/activities/${id}`);
      navigate('/activities');
    } catch (e) {
      setProblem(errorText(e));
    }
  }
  return html`<div>
    <p class="crumbs"><a href="#/activities">${t('activity.list_title')}</a></p>
    <div class="screen-head"><h1>${title}</h1>
      ${id ? html`<div class="head-actions"><button type="button" class="danger" onClick=${remove}>${t('common.delete')}</button></div>` : null}
    </div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${!projects.length ? html`<${Alert} kind="info">${t('activity.no_projects')}<//>` : null}
    <${ActivityForm} activity=${activity} user=${user} projects=${projects} preset=${preset}
      onSaved=${(a) => { if (id) navigate(`/organisations/${a.organisation_id}`); }} />
  </div>`;
}

export default function Activities({ route, user }) {
  const [, second, third] = route.parts;
  if (second === 'new' || (second && third === 'edit')) {
    if (!can(user, 'activity.write')) return html`<h1>${t('error.forbidden')}</h1>`;
    const id = second === 'new' ? null : second;
    return html`<${Edit} key=${second} id=${id} user=${user} route=${route} />`;
  }
  return html`<${List} route=${route} user=${user} />`;
}
