/*
 * Case statistics: counts about victims assisted, each table under disclosure
 * control on the server.  A suppressed count arrives as null and is shown as
 * a dash marked "suppressed", with the reason under the tables; the
 * interface never guesses or recomputes one.
 */
import { html, useState } from '../vendor.js';
import { t, fmtNumber } from '../i18n.js';
import { get, query } from '../api.js';
import { useAsync, Pending } from '../ui.js';

/* A value-set name for people: "sexual_exploitation" -> "sexual exploitation". */
function words(v) {
  return String(v).replace(/_/g, ' ');
}

function Count({ v }) {
  if (v === null || v === undefined) {
    return html`<span class="suppressed" title=${t('stats.suppressed_title')}>–<span class="visually-hidden"> ${t('stats.suppressed')}</span></span>`;
  }
  return fmtNumber(v);
}

function OneWay({ table }) {
  return html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">${words(table.rows)}</th><th scope="col" class="num">${t(`stats.unit_${table.unit}`)}</th></tr></thead>
    <tbody>${table.row_labels.map((l, i) => html`<tr><th scope="row">${words(l)}</th><td class="num"><${Count} v=${table.cells[i]} /></td></tr>`)}</tbody>
    <tfoot><tr><th scope="row">${t('stats.total')}</th><td class="num"><${Count} v=${table.total} /></td></tr></tfoot>
  </table></div>`;
}

function TwoWay({ table }) {
  return html`<div class="table-wrap"><table>
    <thead><tr><th scope="col">${words(table.rows)} / ${words(table.columns)}</th>
      ${table.column_labels.map((c) => html`<th scope="col" class="num">${words(c)}</th>`)}
      <th scope="col" class="num">${t('stats.total')}</th></tr></thead>
    <tbody>${table.row_labels.map((l, i) => html`<tr><th scope="row">${words(l)}</th>
      ${table.cells[i].map((v) => html`<td class="num"><${Count} v=${v} /></td>`)}
      <td class="num"><${Count} v=${table.row_totals[i]} /></td></tr>`)}</tbody>
    <tfoot><tr><th scope="row">${t('stats.total')}</th>
      ${table.column_totals.map((v) => html`<td class="num"><${Count} v=${v} /></td>`)}
      <td class="num"><${Count} v=${table.total} /></td></tr></tfoot>
  </table></div>`;
}

export default function Statistics() {
  const [filters, setFilters] = useState({ from: '', to: '' });
  const params = { from: filters.from || undefined, to: filters.to || undefined };
  const stats = useAsync(() => get('/cases/statistics', params), [filters.from, filters.to]);
  const set = (k) => (e) => setFilters((f) => ({ ...f, [k]: e.currentTarget.value }));
  return html`<div>
    <div class="screen-head"><h1>${t('stats.title')}</h1>
      <div class="head-actions"><a class="button secondary" href=${`/api/v1/cases/statistics.csv${query(params)}`} download>${t('stats.csv')}</a></div>
    </div>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <div class="field"><label for="st-from">${t('stats.from')}</label>
        <input id="st-from" type="date" value=${filters.from} onChange=${set('from')} /></div>
      <div class="field"><label for="st-to">${t('stats.to')}</label>
        <input id="st-to" type="date" value=${filters.to} onChange=${set('to')} /></div>
    </form>
    ${!stats.data ? html`<${Pending} state=${stats} />` : html`
      <p class="hint" id="stats-legend">${t('stats.legend', { k: stats.data.k })}</p>
      ${stats.data.suppressed_by_ledger > 0 ? html`<p class="hint" id="stats-ledger">${t('stats.ledger', { n: stats.data.suppressed_by_ledger })}</p>` : null}
      ${stats.data.tables.map((tb) => html`<section class="panel" aria-labelledby=${`h-${tb.name}`}>
        <h2 id=${`h-${tb.name}`}>${t(`stats.table_${tb.name}`)}</h2>
        ${tb.unit === 'mentions' ? html`<p class="hint">${t('stats.mentions')}</p>` : null}
        ${tb.columns ? html`<${TwoWay} table=${tb} />` : html`<${OneWay} table=${tb} />`}
      </section>`)}`}
  </div>`;
}
