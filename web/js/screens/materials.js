/*
 * Materials: the shared register of films, leaflets, posters and lesson
 * plans (list with filters; the form; the material's file; delete while
 * nothing of it has been distributed).
 *   #/materials  #/materials/new  #/materials/5/edit
 */
import { html, useState, useEffect } from '../vendor.js';
import { t, label, fmtNumber } from '../i18n.js';
import { get, post, patch, del, query } from '../api.js';
import { navigate, replaceQuery } from '../router.js';
import { can } from '../roles.js';
import { MATERIAL_KINDS, MATERIAL_AUDIENCES } from '../enums.js';
import { useAsync, useForm, FilterSelect, Pending, Pager, Input, Select, TextArea, CheckboxGroup, FormStatus, Alert,
  errorText, intOrText } from '../ui.js';
import { FileBox } from '../filebox.js';

const LIMIT = 50;

export const audienceLabel = (a) => label('material.audience', a);

function List({ route, user }) {
  const q0 = route.query;
  const [filters, setFilters] = useState({
    kind: q0.kind || '', audience: q0.audience || '', q: q0.q || '', offset: Number(q0.offset) || 0,
  });
  const params = { ...filters, limit: LIMIT };
  const list = useAsync(() => get('/materials', params), [query(params)]);
  useEffect(() => { replaceQuery({ ...filters, offset: filters.offset || '' }); }, [filters]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value, offset: 0 }));
  const writer = can(user, 'material.write');
  return html`<div>
    <div class="screen-head">
      <h1>${t('material.list_title')}</h1>
      <div class="head-actions">
        ${writer ? html`<a class="button" href="#/materials/new">${t('material.new')}</a>` : null}
        <a class="button secondary" href="#/distributions">${t('material.to_distributions')}</a>
        <a class="button secondary" href=${`/api/v1/materials.csv${query({ ...filters, offset: undefined })}`} download="materials.csv">${t('common.export_csv')}</a>
      </div>
    </div>
    <form class="filters" onSubmit=${(e) => e.preventDefault()} aria-label=${t('common.filters')}>
      <div class="field"><label for="mat-q">${t('material.search')}</label>
        <input id="mat-q" type="search" value=${filters.q} onChange=${set('q')} /></div>
      <${FilterSelect} id="mat-kind" label=${t('material.kind')} value=${filters.kind}
        onChange=${set('kind')} all=${t('common.all')}
        options=${MATERIAL_KINDS.map((k) => [k, label('material.kind', k)])} />
      <${FilterSelect} id="mat-aud" label=${t('material.audience')} value=${filters.audience}
        onChange=${set('audience')} all=${t('common.all')}
        options=${MATERIAL_AUDIENCES.map((a) => [a, audienceLabel(a)])} />
    </form>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${t('common.found', { n: fmtNumber(list.data.total) })}</p>
      ${list.data.items.length ? html`<div class="table-wrap"><table class="list materials">
        <thead><tr><th scope="col">${t('material.title')}</th><th scope="col">${t('material.kind')}</th>
          <th scope="col">${t('material.languages')}</th><th scope="col">${t('material.audiences')}</th>
          <th scope="col">${t('material.version')}</th><th scope="col">${t('material.file')}</th>
          <th scope="col" class="num">${t('material.distributed')}</th></tr></thead>
        <tbody>${list.data.items.map((m) => html`<tr>
          <th scope="row"><a href=${`#/materials/${m.id}`}>${m.title}</a></th>
          <td>${label('material.kind', m.kind)}</td>
          <td>${(m.languages || []).map((l) => l.toUpperCase()).join(', ')}</td>
          <td>${(m.audiences || []).map(audienceLabel).join(', ')}</td>
          <td>${m.version || ''}</td>
          <td>${m.file_name ? html`<a href=${`/api/v1/materials/${m.id}/file`} download=${m.file_name}>${m.file_name}</a>` : ''}</td>
          <td class="num"><a href=${`#/distributions?material=${m.id}`}>${fmtNumber(m.distributed || 0)}</a></td></tr>`)}</tbody>
      </table></div>` : null}
      <${Pager} total=${list.data.total} limit=${LIMIT} offset=${filters.offset}
        onPage=${(o) => setFilters((f) => ({ ...f, offset: o }))} />`}
  </div>`;
}

function toValues(m) {
  return {
    title: m ? m.title : '',
    kind: m ? m.kind : 'leaflet',
    languages: m ? (m.languages || []).join(', ') : '',
    audiences: m ? m.audiences || [] : [],
    version: m ? m.version || '' : '',
    description: m ? m.description || '' : '',
    project_id: m && m.project_id ? String(m.project_id) : '',
  };
}

function toBody(v) {
  return {
    title: v.title,
    kind: v.kind,
    languages: String(v.languages || '').split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean),
    audiences: v.audiences || [],
    version: String(v.version || ''),
    description: String(v.description || ''),
    project_id: intOrText(v.project_id),
  };
}

function MaterialForm({ material, projects, onSaved }) {
  const isNew = !material;
  const f = useForm({
    form: isNew ? 'material.new' : `material.${material.id}`,
    initial: toValues(material),
    required: ['title', 'kind'],
    submit: async (v) => {
      const saved = isNew ? await post('/materials', toBody(v)) : await patch(`/materials/${material.id}`, toBody(v));
      onSaved(saved);
    },
  });
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form material-form">
    <${FormStatus} f=${f} savedText=${t('material.saved')} />
    <div class="grid">
      <${Input} f=${f} name="title" label=${t('material.title')} required wide />
      <${Select} f=${f} name="kind" label=${t('material.kind')} required
        options=${MATERIAL_KINDS.map((k) => [k, label('material.kind', k)])} />
      <${Input} f=${f} name="languages" label=${t('material.languages')} hint=${t('material.languages_hint')} />
      <${Input} f=${f} name="version" label=${t('material.version')} />
      <${Select} f=${f} name="project_id" label=${t('material.project')} empty=${t('material.no_project')}
        options=${projects.map((p) => [String(p.id), `${p.code} – ${p.title}`])} />
    </div>
    <${CheckboxGroup} f=${f} name="audiences" label=${t('material.audiences')}
      options=${MATERIAL_AUDIENCES.map((a) => [a, audienceLabel(a)])} />
    <${TextArea} f=${f} name="description" label=${t('material.description')} rows="3" />
    <div class="actions sticky">
      <button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button>
      <a class="button secondary" href="#/materials">${t('common.cancel')}</a>
    </div>
  </form>`;
}

function Edit({ id, user }) {
  const data = useAsync(async () => {
    const [projects, material] = await Promise.all([
      get('/projects', { limit: 500 }),
      id ? get(`/materials/${id}`) : Promise.resolve(null),
    ]);
    return { projects: projects.items, material };
  }, [id]);
  const [current, setCurrent] = useState(null);
  const [problem, setProblem] = useState(null);
  const writer = can(user, 'material.write');
  const title = !id ? t('material.new_title') : writer ? t('material.edit_title') : t('material.view_title');
  if (!data.data) return html`<h1>${title}</h1><${Pending} state=${data} />`;
  const { projects } = data.data;
  const material = current || data.data.material;
  async function remove() {
    setProblem(null);
    try {
      await del(`/materials/${id}`);
      navigate('/materials');
    } catch (e) {
      setProblem(e.status === 409 ? t('material.delete_refused', { message: e.message }) : errorText(e));
    }
  }
  return html`<div>
    <p class="crumbs"><a href="#/materials">${t('material.list_title')}</a></p>
    <div class="screen-head"><h1>${title}</h1>
      ${id && writer ? html`<div class="head-actions"><button type="button" class="danger" onClick=${remove}>${t('common.delete')}</button></div>` : null}
    </div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${material ? html`<p class="count">${t('material.distributed_total', { n: fmtNumber(material.distributed || 0) })}${' '}
      <a href=${`#/distributions?material=${material.id}`}>${t('material.see_distributions')}</a></p>` : null}
    ${writer ? html`<${MaterialForm} material=${material} projects=${projects}
      onSaved=${(m) => { if (!id) navigate(`/materials/${m.id}/edit`); else setCurrent(m); }} />` : html`<dl class="facts">
        <dt>${t('material.title')}</dt><dd>${material.title}</dd>
        <dt>${t('material.kind')}</dt><dd>${label('material.kind', material.kind)}</dd>
        <dt>${t('material.languages')}</dt><dd>${(material.languages || []).map((l) => l.toUpperCase()).join(', ')}</dd>
        <dt>${t('material.audiences')}</dt><dd>${(material.audiences || []).map(audienceLabel).join(', ')}</dd>
        <dt>${t('material.version')}</dt><dd>${material.version || ''}</dd>
        <dt>${t('material.description')}</dt><dd>${material.description || ''}</dd>
      </dl>`}
    ${material ? html`<${FileBox} base=${`/materials/${material.id}`} record=${material} group="material"
      canWrite=${writer} onChange=${(m) => setCurrent(m)} />` : html`<p class="hint">${t('material.file_after_save')}</p>`}
  </div>`;
}

export default function Materials({ route, user }) {
  const [, second] = route.parts;
  if (second === 'new') {
    if (!can(user, 'material.write')) return html`<h1>${t('error.forbidden')}</h1>`;
    return html`<${Edit} key="new" id=${null} user=${user} />`;
  }
  if (second) return html`<${Edit} key=${second} id=${second} user=${user} />`;
  return html`<${List} route=${route} user=${user} />`;
}
