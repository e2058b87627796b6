/*
 * A project's dashboard: indicators against their targets, totals, the
 * monthly series (uPlot), reach by institution kind and by municipality with
 * the municipalities not yet reached, and the budget per partner.
 */
import { html, useEffect, useRef, useState } from '../vendor.js';
import { UPLOT } from '../vendor.js';
import { t, label, fmtNumber, fmtPercent, fmtMoney, fmtDate, fmtMonth } from '../i18n.js';
import { get } from '../api.js';
import { navigate } from '../router.js';
import { can } from '../roles.js';
import { AUDIENCES } from '../enums.js';
import { useAsync, Pending, loadAssets, Alert } from '../ui.js';

const LAST_PROJECT = 'ecat.project';

export function pickProject(projects, wanted) {
  if (!projects.length) return null;
  const id = Number(wanted) || Number(localStorage.getItem(LAST_PROJECT));
  return projects.find((p) => p.id === id) || projects[projects.length - 1];
}

export function rememberProject(id) {
  try {
    localStorage.setItem(LAST_PROJECT, String(id));
  } catch {
    /* not remembered */
  }
}

function Bar({ value, max, labelText }) {
  const pct = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return html`<div class="bar" role="progressbar" aria-label=${labelText}
    aria-valuemin="0" aria-valuemax=${max} aria-valuenow=${Math.min(value, max)}
    aria-valuetext=${t('dashboard.of_target', { achieved: fmtNumber(value), target: fmtNumber(max) })}>
    <div class=${`fill${value >= max ? ' done' : ''}`} style=${{ width: `${pct}%` }}></div>
  </div>`;
}

function Indicators({ items }) {
  if (!items.length) return html`<p>${t('dashboard.no_indicators')}</p>`;
  return html`<ul class="indicators">
    ${items.map((i) => html`<li class="indicator" data-metric=${i.metric}>
      <div class="ind-head">
        <span class="ind-name">${i.name}</span>
        <span class="ind-figures">
          ${i.suppressed
            ? html`<strong class="ind-achieved suppressed" title=${t('dashboard.suppressed')}>–<span class="visually-hidden"> ${t('dashboard.suppressed')}</span></strong>`
            : html`<strong class="ind-achieved">${fmtNumber(i.achieved)}</strong>`}
          ${' / '}<span class="ind-target">${fmtNumber(i.target)}</span>
          ${i.percent !== null && i.percent !== undefined ? html` <span class="ind-pct">(${fmtPercent(i.percent)})</span>` : null}
        </span>
      </div>
      <${Bar} value=${Number(i.achieved) || 0} max=${Number(i.target) || 0} labelText=${i.name} />
    </li>`)}
  </ul>`;
}

function Totals({ totals }) {
  const cards = [
    ['institutions_reached', totals.institutions_reached, t('dashboard.institutions_reached')],
    ['activities', totals.activities, t('dashboard.activities')],
    ['headcount', totals.headcount, t('dashboard.headcount')],
    ...AUDIENCES.map((a) => [a, totals.audience ? totals.audience[a] : 0, label('audience', a)]),
  ];
  return html`<dl class="totals">
    ${cards.map(([k, v, text]) => html`<div class="total" data-total=${k}>
      <dt>${text}</dt><dd>${fmtNumber(v)}</dd>
    </div>`)}
  </dl>`;
}

/* Monthly activities and audience as a uPlot chart, with the same figures as a table. */
function Monthly({ monthly }) {
  const box = useRef(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let chart = null;
    let live = true;
    let observer = null;
    if (!monthly.length) return undefined;
    loadAssets(UPLOT.js, UPLOT.css).then(() => {
      if (!live || !box.current || !window.uPlot) return;
      const xs = monthly.map((m) => {
        const [y, mo] = m.month.split('-').map(Number);
        return Date.UTC(y, mo - 1, 1) / 1000;
      });
      const width = () => Math.max(280, box.current ? box.current.clientWidth : 280);
      const monthLabel = (ts) => fmtMonth(new Date(ts * 1000).toISOString().slice(0, 7), 'axis');
      const bars = window.uPlot.paths && window.uPlot.paths.bars ? window.uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
      const opts = {
        width: width(),
        height: 280,
        tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        series: [
          { label: t('dashboard.month'), value: (u, v) => (v === null ? '' : fmtMonth(new Date(v * 1000).toISOString().slice(0, 7), 'long')) },
          { label: t('dashboard.activities'), stroke: '#1f4e79', fill: 'rgba(31, 78, 121, 0.35)', width: 1, scale: 'n', paths: bars, points: { show: false }, value: (u, v) => (v === null ? '' : fmtNumber(v)) },
          { label: label('audience', 'youths'), stroke: '#b35806', width: 2, scale: 'p', value: (u, v) => (v === null ? '' : fmtNumber(v)) },
          { label: label('audience', 'specialists'), stroke: '#1b7837', width: 2, dash: [6, 4], scale: 'p', value: (u, v) => (v === null ? '' : fmtNumber(v)) },
        ],
        axes: [
          { space: 70, values: (u, splits) => splits.map(monthLabel) },
          { scale: 'n', label: t('dashboard.activities'), values: (u, s) => s.map(fmtNumber) },
          { scale: 'p', side: 1, label: t('dashboard.people'), grid: { show: false }, values: (u, s) => s.map(fmtNumber) },
        ],
        scales: {
          x: { time: true, range: (u, min, max) => [min - 15 * 86400, max + 15 * 86400] },
          n: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
          p: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
        },
      };
      const data = [xs, monthly.map((m) => m.activities || 0), monthly.map((m) => m.youths || 0),
        monthly.map((m) => m.specialists || 0)];
      chart = new window.uPlot(opts, data, box.current);
      if (window.ResizeObserver) {
        observer = new ResizeObserver(() => chart && box.current && chart.setSize({ width: width(), height: 280 }));
        observer.observe(box.current);
      }
    }, () => live && setFailed(true));
    return () => {
      live = false;
      if (observer) observer.disconnect();
      if (chart) chart.destroy();
    };
  }, [monthly]);
  if (!monthly.length) return html`<p>${t('dashboard.no_months')}</p>`;
  return html`<div>
    <div class="chart" ref=${box} role="img" aria-label=${t('dashboard.monthly_chart')}></div>
    ${failed ? html`<${Alert}>${t('error.network')}<//>` : null}
    <details class="table-details">
      <summary>${t('dashboard.monthly_table')}</summary>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">${t('dashboard.month')}</th><th scope="col" class="num">${t('dashboard.activities')}</th>
          ${AUDIENCES.map((a) => html`<th scope="col" class="num">${label('audience', a)}</th>`)}</tr></thead>
        <tbody>${monthly.map((m) => html`<tr><th scope="row">${fmtMonth(m.month, 'long')}</th>
          <td class="num">${fmtNumber(m.activities)}</td>
          ${AUDIENCES.map((a) => html`<td class="num">${fmtNumber(m[a] || 0)}</td>`)}</tr>`)}</tbody>
      </table></div>
    </details>
  </div>`;
}

function Breakdown({ rows, keyName, keyLabel, keyText, zeroNote }) {
  return html`<div class="table-wrap"><table class="breakdown">
    <thead><tr><th scope="col">${keyLabel}</th>
      <th scope="col" class="num">${t('dashboard.institutions')}</th>
      <th scope="col" class="num">${t('dashboard.activities')}</th>
      <th scope="col" class="num">${label('audience', 'youths')}</th>
      <th scope="col" class="num">${label('audience', 'specialists')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${r.activities ? '' : 'zero'}>
      <th scope="row">${keyText(r[keyName])}${!r.activities && zeroNote ? html` <span class="tag">${zeroNote}</span>` : null}</th>
      <td class="num">${fmtNumber(r.institutions)}</td><td class="num">${fmtNumber(r.activities)}</td>
      <td class="num">${fmtNumber(r.youths)}</td><td class="num">${fmtNumber(r.specialists)}</td></tr>`)}</tbody>
  </table></div>`;
}

/* Municipalities reached first (most institutions first), then the rest by name. */
function byReach(rows) {
  return rows.slice().sort((a, b) => (b.institutions - a.institutions) || (b.activities - a.activities)
    || String(a.municipality).localeCompare(String(b.municipality)));
}

function Budget({ budget }) {
  const cur = budget.currency;
  return html`<div>
    <dl class="totals money">
      <div class="total"><dt>${t('budget.total')}</dt><dd>${fmtMoney(budget.total_cents, cur)}</dd></div>
      <div class="total"><dt>${t('budget.allocated')}</dt><dd>${fmtMoney(budget.allocated_cents, cur)}</dd></div>
      <div class="total"><dt>${t('budget.spent')}</dt><dd>${fmtMoney(budget.spent_cents, cur)}</dd></div>
    </dl>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('budget.partner')}</th><th scope="col">${t('budget.role')}</th>
        <th scope="col" class="num">${t('budget.allocation')}</th><th scope="col" class="num">${t('budget.spent')}</th>
        <th scope="col">${t('budget.use')}</th></tr></thead>
      <tbody>${(budget.partners || []).map((p) => html`<tr>
        <th scope="row">${p.organisation_name}</th><td>${label('partner_role', p.role)}</td>
        <td class="num">${fmtMoney(p.allocation_cents, cur)}</td><td class="num">${fmtMoney(p.spent_cents, cur)}</td>
        <td><${Bar} value=${p.spent_cents || 0} max=${p.allocation_cents || 0} labelText=${t('budget.use_of', { name: p.organisation_name })} /></td>
      </tr>`)}</tbody>
    </table></div>
  </div>`;
}

export default function Dashboard({ route, user }) {
  const projects = useAsync(() => get('/projects', { limit: 500 }), []);
  const list = projects.data ? projects.data.items : [];
  const project = projects.data ? pickProject(list, route.parts[1]) : null;
  const pid = project ? project.id : null;
  const dash = useAsync(() => (pid ? get(`/projects/${pid}/dashboard`) : Promise.resolve(null)), [pid]);
  useEffect(() => { if (pid) rememberProject(pid); }, [pid]);

  if (!projects.data) return html`<h1>${t('dashboard.title')}</h1><${Pending} state=${projects} />`;
  if (!project) {
    return html`<h1>${t('dashboard.title')}</h1><p>${t('dashboard.no_projects')}</p>
      ${can(user, 'project.write') ? html`<p><a href="#/projects/new">${t('projects.new')}</a></p>` : null}`;
  }
  const d = dash.data;
  return html`<div class="dashboard">
    <div class="screen-head">
      <h1>${project.title} <span class="code">${project.code}</span></h1>
      ${list.length > 1 ? html`<div class="field inline">
        <label for="dash-project">${t('dashboard.project')}</label>
        <select id="dash-project" onChange=${(e) => navigate(`/dashboard/${e.currentTarget.value}`)}>
          ${list.map((p) => html`<option value=${p.id} selected=${p.id === pid}>${p.code} – ${p.title}</option>`)}
        </select></div>` : null}
    </div>
    <p class="lead">${t('dashboard.period', { from: fmtDate(project.start_date), to: fmtDate(project.end_date) })}
      ${project.funder ? html` · ${t('dashboard.funder', { funder: project.funder })}` : null}</p>
    ${!d ? html`<${Pending} state=${dash} />` : html`
      <section aria-labelledby="h-ind" class="panel"><h2 id="h-ind">${t('dashboard.indicators')}</h2>
        <${Indicators} items=${d.indicators || []} /></section>
      <section aria-labelledby="h-tot" class="panel"><h2 id="h-tot">${t('dashboard.totals')}</h2>
        <${Totals} totals=${d.totals} /></section>
      <section aria-labelledby="h-mon" class="panel"><h2 id="h-mon">${t('dashboard.monthly')}</h2>
        <${Monthly} monthly=${d.monthly || []} /></section>
      <div class="two">
        <section aria-labelledby="h-kind" class="panel"><h2 id="h-kind">${t('dashboard.by_kind')}</h2>
          <${Breakdown} rows=${(d.by_kind || []).filter((r) => r.institutions || r.activities)} keyName="kind" keyLabel=${t('org.kind')} keyText=${(k) => label('kind', k)} /></section>
        <section aria-labelledby="h-nr" class="panel"><h2 id="h-nr">${t('dashboard.not_reached', { n: (d.not_reached || []).length })}</h2>
          ${(d.not_reached || []).length
            ? html`<ul class="chips not-reached">${d.not_reached.map((m) => html`<li>${m}</li>`)}</ul>`
            : html`<p>${t('dashboard.all_reached')}</p>`}
        </section>
      </div>
      <section aria-labelledby="h-mun" class="panel"><h2 id="h-mun">${t('dashboard.by_municipality')}</h2>
        <details class="table-details">
          <summary>${t('dashboard.municipality_table', { n: (d.by_municipality || []).length })}</summary>
          <${Breakdown} rows=${byReach(d.by_municipality || [])} keyName="municipality" keyLabel=${t('org.municipality')}
            keyText=${(m) => m} zeroNote=${t('dashboard.not_reached_tag')} />
        </details></section>
      ${d.budget && can(user, 'budget.read') ? html`<section aria-labelledby="h-bud" class="panel">
        <h2 id="h-bud">${t('dashboard.budget')}</h2><${Budget} budget=${d.budget} /></section>` : null}
    `}
  </div>`;
}
