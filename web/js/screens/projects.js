/*
 * Projects: the list, a project's details, its partners with their budget
 * allocation, its expenses, and its indicators with their targets.
 *   #/projects  #/projects/new  #/projects/1[?tab=partners|expenses|indicators|report]
 */
import { html, useState } from '../vendor.js';
import { t, label, fmtNumber, fmtDate, fmtMoney, fmtPercent, countryName } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { navigate, href } from '../router.js';
import { can, leads, runs } from '../roles.js';
import { PARTNER_ROLES, EXPENSE_CATEGORIES, METRICS } from '../enums.js';
import { useAsync, useForm, Pending, Input, Select, TextArea, FormStatus, intOrText, parseMoney,
  centsToInput, today } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';

function money(v) {
  const c = parseMoney(v);
  return Number.isNaN(c) ? String(v) : c;
}

function List({ user }) {
  const list = useAsync(() => get('/projects', { limit: 500 }), []);
  return html`<div>
    <div class="screen-head"><h1>${t('projects.title')}</h1>
      ${can(user, 'project.write') ? html`<div class="head-actions"><a class="button" href="#/projects/new">${t('projects.new')}</a></div>` : null}
    </div>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<div class="table-wrap"><table class="list">
      <thead><tr><th scope="col">${t('projects.code')}</th><th scope="col">${t('projects.title_field')}</th>
        <th scope="col">${t('projects.funder')}</th><th scope="col">${t('projects.period')}</th>
        <th scope="col" class="num">${t('projects.budget')}</th></tr></thead>
      <tbody>${list.data.items.map((p) => html`<tr>
        <th scope="row"><a href=${`#/projects/${p.id}`}>${p.code}</a></th><td>${p.title}</td><td>${p.funder}</td>
        <td>${fmtDate(p.start_date)} – ${fmtDate(p.end_date)}</td>
        <td class="num">${fmtMoney(p.budget_cents, p.currency)}</td></tr>`)}</tbody>
    </table></div>` : html`<p>${t('dashboard.no_projects')}</p>`}
  </div>`;
}

function ProjectForm({ project, onSaved }) {
  const isNew = !project;
  const f = useForm({
    form: isNew ? 'project.new' : `project.${project.id}`,
    initial: project ? {
      code: project.code, title: project.title, funder: project.funder || '', programme: project.programme || '',
      start_date: project.start_date, end_date: project.end_date, currency: project.currency,
      budget: centsToInput(project.budget_cents),
    } : { code: '', title: '', funder: '', programme: '', start_date: '', end_date: '', currency: 'EUR', budget: '' },
    required: ['code', 'title', 'start_date', 'end_date', 'currency'],
    alias: { budget_cents: 'budget' },
    submit: async (v) => {
      const body = {
        code: v.code.trim(), title: v.title.trim(), funder: v.funder.trim(), programme: v.programme.trim(),
        start_date: v.start_date, end_date: v.end_date, currency: v.currency.trim().toUpperCase(),
        budget_cents: v.budget === '' ? 0 : money(v.budget),
      };
      const saved = isNew ? await post('/projects', body) : await patch(`/projects/${project.id}`, body);
      onSaved(saved);
    },
  });
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
    <${FormStatus} f=${f} savedText=${isNew ? null : t('common.saved')} />
    <div class="grid">
      <${Input} f=${f} name="code" label=${t('projects.code')} required maxlength="32" />
      <${Input} f=${f} name="title" label=${t('projects.title_field')} required wide maxlength="300" />
      <${Input} f=${f} name="funder" label=${t('projects.funder')} maxlength="300" />
      <${Input} f=${f} name="programme" label=${t('projects.programme')} maxlength="300" />
      <${Input} f=${f} name="start_date" label=${t('projects.start')} type="date" required />
      <${Input} f=${f} name="end_date" label=${t('projects.end')} type="date" required />
      <${Input} f=${f} name="currency" label=${t('projects.currency')} required maxlength="3" />
      <${Input} f=${f} name="budget" label=${t('projects.budget')} inputmode="decimal" hint=${t('money.hint')} />
    </div>
    <div class="actions"><button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button></div>
  </form>`;
}

function Partners({ project, user }) {
  const list = useAsync(() => get(`/projects/${project.id}/partners`), [project.id]);
  const f = useForm({
    form: `partner.new.${project.id}`,
    initial: { organisation_id: '', organisation_name: '', role: 'partner', allocation: '' },
    required: ['organisation_id', 'role'],
    alias: { allocation_cents: 'allocation' },
    submit: async (v) => {
      await post(`/projects/${project.id}/partners`, {
        organisation_id: intOrText(v.organisation_id), role: v.role,
        allocation_cents: v.allocation === '' ? 0 : money(v.allocation),
      });
      f.reset({ organisation_id: '', organisation_name: '', role: 'partner', allocation: '' });
      list.reload();
    },
  });
  return html`<section class="panel" aria-labelledby="h-partners">
    <h2 id="h-partners">${t('projects.partners')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('budget.partner')}</th><th scope="col">${t('org.country')}</th><th scope="col">${t('budget.role')}</th>
        <th scope="col" class="num">${t('budget.allocation')}</th><th scope="col" class="num">${t('budget.spent')}</th></tr></thead>
      <tbody>${list.data.items.map((p) => html`<tr>
        <th scope="row"><a href=${`#/organisations/${p.organisation_id}`}>${p.organisation_name}</a></th>
        <td>${countryName(p.country)}</td><td>${label('partner_role', p.role)}</td>
        <td class="num">${fmtMoney(p.allocation_cents, p.currency)}</td><td class="num">${fmtMoney(p.spent_cents, p.currency)}</td></tr>`)}</tbody>
    </table></div>`}
    ${can(user, 'budget.write') && list.data && !leads(user, list.data.items) ? html`<p class="hint">${t('projects.lead_only')}</p>` : null}
    ${can(user, 'budget.write') && list.data && leads(user, list.data.items) ? html`<h3>${t('projects.add_partner')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <div class="grid">
          <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('budget.partner')} required />
          <${Select} f=${f} name="role" label=${t('budget.role')} required options=${PARTNER_ROLES.map((r) => [r, label('partner_role', r)])} />
          <${Input} f=${f} name="allocation" label=${t('budget.allocation')} inputmode="decimal" hint=${t('money.hint')} />
        </div>
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('projects.add_partner')}</button></div>
      </form>` : null}
  </section>`;
}

function Expenses({ project, user }) {
  const partners = useAsync(() => get(`/projects/${project.id}/partners`), [project.id]);
  const list = useAsync(() => get(`/projects/${project.id}/expenses`, { limit: 500 }), [project.id]);
  const blank = { partner_id: '', date: today(), category: 'staff', amount: '', description: '' };
  const f = useForm({
    form: `expense.new.${project.id}`,
    initial: blank,
    required: ['partner_id', 'date', 'category', 'amount'],
    alias: { amount_cents: 'amount' },
    submit: async (v) => {
      await post(`/projects/${project.id}/expenses`, {
        partner_id: intOrText(v.partner_id), date: v.date, category: v.category,
        amount_cents: money(v.amount), description: v.description.trim(),
      });
      f.reset(blank);
      list.reload();
      partners.reload();
    },
  });
  const own = (partners.data ? partners.data.items : []).filter((p) => runs(user, p.organisation_id));
  const partnerName = (id) => {
    const p = partners.data && partners.data.items.find((x) => x.id === id);
    return p ? p.organisation_name : '';
  };
  return html`<section class="panel" aria-labelledby="h-expenses">
    <h2 id="h-expenses">${t('projects.expenses')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('expense.date')}</th><th scope="col">${t('budget.partner')}</th><th scope="col">${t('expense.category')}</th>
        <th scope="col">${t('expense.description')}</th><th scope="col" class="num">${t('expense.amount')}</th></tr></thead>
      <tbody>${list.data.items.map((x) => html`<tr>
        <th scope="row">${fmtDate(x.date)}</th><td>${partnerName(x.partner_id)}</td><td>${label('expense_category', x.category)}</td>
        <td>${x.description}</td><td class="num">${fmtMoney(x.amount_cents, x.currency)}</td></tr>`)}</tbody>
    </table></div>` : html`<p>${t('projects.no_expenses')}</p>`}
    ${can(user, 'budget.write') && partners.data && !own.length ? html`<p class="hint">${t('projects.own_expenses')}</p>` : null}
    ${can(user, 'budget.write') && own.length ? html`<h3>${t('projects.add_expense')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <div class="grid">
          <${Select} f=${f} name="partner_id" label=${t('budget.partner')} required empty=${t('common.choose')}
            options=${own.map((p) => [String(p.id), p.organisation_name])} />
          <${Input} f=${f} name="date" label=${t('expense.date')} type="date" required />
          <${Select} f=${f} name="category" label=${t('expense.category')} required
            options=${EXPENSE_CATEGORIES.map((c) => [c, label('expense_category', c)])} />
          <${Input} f=${f} name="amount" label=${t('expense.amount')} inputmode="decimal" required hint=${t('money.hint')} />
          <${TextArea} f=${f} name="description" label=${t('expense.description')} rows="2" />
        </div>
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('projects.add_expense')}</button></div>
      </form>` : null}
  </section>`;
}

function TargetEditor({ indicator, onSaved }) {
  const f = useForm({
    form: null,
    initial: { target: String(indicator.target) },
    required: ['target'],
    submit: async (v) => {
      const saved = await patch(`/indicators/${indicator.id}`, { target: intOrText(v.target) });
      onSaved(saved);
    },
  });
  f.id = `ind-${indicator.id}`;
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="inline-form">
    <${Input} f=${f} name="target" label=${t('indicator.target_of', { name: indicator.name })} type="number" min="0" inputmode="numeric" />
    <button type="submit" class="secondary" disabled=${f.busy}>${t('common.save')}</button>
    ${f.formError ? html`<span class="field-error" role="alert">${f.formError}</span>` : null}
  </form>`;
}

function Indicators({ project, user, lead }) {
  const list = useAsync(() => get(`/projects/${project.id}/indicators`), [project.id]);
  const blank = { name: '', metric: 'institutions_reached', target: '' };
  const f = useForm({
    form: `indicator.new.${project.id}`,
    initial: blank,
    required: ['name', 'metric', 'target'],
    submit: async (v) => {
      await post(`/projects/${project.id}/indicators`, { name: v.name.trim(), metric: v.metric, target: intOrText(v.target) });
      f.reset(blank);
      list.reload();
    },
  });
  const editable = can(user, 'project.write') && lead;
  return html`<section class="panel" aria-labelledby="h-indicators">
    <h2 id="h-indicators">${t('dashboard.indicators')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('indicator.name')}</th><th scope="col">${t('indicator.metric')}</th>
        <th scope="col" class="num">${t('indicator.achieved')}</th><th scope="col" class="num">${t('indicator.target')}</th>
        <th scope="col" class="num">${t('indicator.percent')}</th></tr></thead>
      <tbody>${list.data.items.map((i) => html`<tr>
        <th scope="row">${i.name}</th><td>${label('metric', i.metric)}</td><td class="num" title=${i.suppressed ? t('dashboard.suppressed') : null}>${fmtNumber(i.achieved)}${i.suppressed ? html`<span class="visually-hidden"> ${t('dashboard.suppressed')}</span>` : null}</td>
        <td class="num">${editable ? html`<${TargetEditor} key=${`${i.id}:${i.target}`} indicator=${i} onSaved=${() => list.reload()} />` : fmtNumber(i.target)}</td>
        <td class="num">${fmtPercent(i.percent)}</td></tr>`)}</tbody>
    </table></div>`}
    ${editable ? html`<h3>${t('projects.add_indicator')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <div class="grid">
          <${Input} f=${f} name="name" label=${t('indicator.name')} required wide maxlength="200" />
          <${Select} f=${f} name="metric" label=${t('indicator.metric')} required options=${METRICS.map((m) => [m, label('metric', m)])} />
          <${Input} f=${f} name="target" label=${t('indicator.target')} type="number" min="0" inputmode="numeric" required />
        </div>
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('projects.add_indicator')}</button></div>
      </form>` : null}
  </section>`;
}

const TABS = ['details', 'partners', 'expenses', 'indicators', 'report'];

/*
 * The funder's period report of a project: from/to, language and format; the file is
 * fetched and handed to the browser as a download, and a refusal is shown as the API's
 * error (a field error names the field).
 */
function ReportPanel({ project }) {
  const [v, setV] = useState({ from: project.start_date, to: project.end_date, lang: 'lt', format: 'pdf' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });
  const run = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const path = `/api/v1/projects/${project.id}/report.${v.format}?from=${encodeURIComponent(v.from)}&to=${encodeURIComponent(v.to)}&lang=${v.lang}`;
      const res = await fetch(path, { credentials: 'same-origin' });
      if (!res.ok) {
        let err = null;
        try {
          err = (await res.json()).error;
        } catch {
          err = null;
        }
        const fields = err && err.fields ? Object.entries(err.fields).map(([k, m]) => `${k}: ${m}`).join('; ') : '';
        setError(`${(err && err.message) || `HTTP ${res.status}`}${fields ? ` (${fields})` : ''}`);
        return;
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${project.code}-${v.from}-${v.to}-${v.lang}.${v.format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setDone(a.download);
    } catch {
      setError(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="h-report">
    <h2 id="h-report">${t('report.title')}</h2>
    <form onSubmit=${run} novalidate class="form">
      ${error ? html`<div class="notice error" role="alert">${t('report.failed')}: ${error}</div>` : null}
      ${done ? html`<div class="notice success" role="status">${t('report.ready', { name: done })}</div>` : null}
      <div class="grid">
        <div class="field"><label for="report-from">${t('report.from')}</label>
          <input id="report-from" type="date" value=${v.from} onInput=${set('from')} /></div>
        <div class="field"><label for="report-to">${t('report.to')}</label>
          <input id="report-to" type="date" value=${v.to} onInput=${set('to')} /></div>
        <div class="field"><label for="report-lang">${t('report.lang')}</label>
          <select id="report-lang" value=${v.lang} onChange=${set('lang')}>
            <option value="lt">lietuvių</option><option value="en">English</option><option value="it">italiano</option>
          </select></div>
        <div class="field"><label for="report-format">${t('report.format')}</label>
          <select id="report-format" value=${v.format} onChange=${set('format')}>
            <option value="pdf">PDF</option><option value="xlsx">XLSX</option>
          </select></div>
      </div>
      <div class="actions"><button type="submit" disabled=${busy}>${busy ? t('report.busy') : t('report.download')}</button></div>
    </form>
  </section>`;
}

function Detail({ id, user, route }) {
  const project = useAsync(() => get(`/projects/${id}`), [id]);
  const partners = useAsync(() => (can(user, 'budget.read') ? get(`/projects/${id}/partners`) : Promise.resolve({ items: [] })), [id]);
  const tab = TABS.includes(route.query.tab) ? route.query.tab : 'details';
  if (!project.data) return html`<h1>${t('projects.title')}</h1><${Pending} state=${project} />`;
  const p = project.data;
  const lead = can(user, 'project.write') && !!partners.data && leads(user, partners.data.items);
  const shown = TABS.filter((x) => (x === 'partners' || x === 'expenses' ? can(user, 'budget.read')
    : x === 'report' ? can(user, 'report.read') : true));
  return html`<div>
    <p class="crumbs"><a href="#/projects">${t('projects.title')}</a></p>
    <div class="screen-head"><h1>${p.title} <span class="code">${p.code}</span></h1>
      ${can(user, 'dashboard.read') ? html`<div class="head-actions"><a class="button secondary" href=${`#/dashboard/${p.id}`}>${t('nav.dashboard')}</a></div>` : null}
    </div>
    <nav class="tabs" aria-label=${t('projects.sections')}><ul>
      ${shown.map((x) => html`<li><a href=${href(`/projects/${id}`, { tab: x === 'details' ? '' : x })}
        aria-current=${x === tab ? 'page' : undefined}>${t(`projects.tab_${x}`)}</a></li>`)}
    </ul></nav>
    ${tab === 'details' ? (lead
      ? html`<${ProjectForm} project=${p} onSaved=${() => project.reload()} />`
      : html`<dl class="details">
          <div><dt>${t('projects.funder')}</dt><dd>${p.funder}</dd></div>
          <div><dt>${t('projects.programme')}</dt><dd>${p.programme}</dd></div>
          <div><dt>${t('projects.period')}</dt><dd>${fmtDate(p.start_date)} – ${fmtDate(p.end_date)}</dd></div>
          <div><dt>${t('projects.budget')}</dt><dd>${fmtMoney(p.budget_cents, p.currency)}</dd></div>
        </dl>`) : null}
    ${tab === 'report' && can(user, 'report.read') ? html`<${ReportPanel} project=${p} />` : null}
    ${tab === 'partners' ? html`<${Partners} project=${p} user=${user} />` : null}
    ${tab === 'expenses' ? html`<${Expenses} project=${p} user=${user} />` : null}
    ${tab === 'indicators' ? html`<${Indicators} project=${p} user=${user} lead=${lead} />` : null}
  </div>`;
}

export default function Projects({ route, user }) {
  const [, second] = route.parts;
  if (second === 'new') {
    if (!can(user, 'project.write')) return html`<h1>${t('error.forbidden')}</h1>`;
    return html`<div><p class="crumbs"><a href="#/projects">${t('projects.title')}</a></p>
      <h1>${t('projects.new')}</h1><${ProjectForm} onSaved=${(p) => navigate(`/projects/${p.id}`)} /></div>`;
  }
  if (second && /^\d+$/.test(second)) return html`<${Detail} key=${second} id=${second} user=${user} route=${route} />`;
  return html`<${List} user=${user} />`;
}
