/*
 * CSV import of organisations, activities, materials, distributions or
 * agreements: choose a file (or paste the text), preview what the server
 * would do (dry run: row errors listed by row and field), then import, all
 * rows or only the good ones.
 */
import { html, useState, useRef } from '../vendor.js';
import { t, fmtNumber } from '../i18n.js';
import { api, ApiError, query } from '../api.js';
import { Alert, errorText } from '../ui.js';
import { can } from '../roles.js';

/* What may be imported, and the grant each needs (as the server's routes require). */
const KINDS = [['organisations', 'organisation.write'], ['activities', 'activity.write'],
  ['materials', 'material.write'], ['distributions', 'activity.write'], ['agreements', 'agreement.write']];

/* The words of each kind (the later kinds keep theirs in their own groups). */
const WORDS = {
  organisations: ['import.kind_organisations', 'import.columns_organisations'],
  activities: ['import.kind_activities', 'import.columns_activities'],
  materials: ['material.import_kind', 'material.import_columns'],
  distributions: ['distribution.import_kind', 'distribution.import_columns'],
  agreements: ['agreement.import_kind', 'agreement.import_columns'],
};
const MAX_BYTES = 8 * 1024 * 1024;

function RowErrors({ errors }) {
  if (!errors || !errors.length) return null;
  return html`<div class="table-wrap"><table class="row-errors">
    <caption>${t('import.errors_caption', { n: fmtNumber(errors.length) })}</caption>
    <thead><tr><th scope="col">${t('import.row')}</th><th scope="col">${t('import.field')}</th><th scope="col">${t('import.problem')}</th></tr></thead>
    <tbody>${errors.flatMap((e) => {
      const fields = Object.entries(e.fields || {});
      if (!fields.length) return [html`<tr><th scope="row">${e.row}</th><td></td><td>${e.message || ''}</td></tr>`];
      return fields.map(([k, m]) => html`<tr><th scope="row">${e.row}</th><td><code>${k}</code></td><td>${m}</td></tr>`);
    })}</tbody>
  </table></div>`;
}

export default function Import({ route, user }) {
  const kinds = KINDS.filter(([, action]) => can(user, action)).map(([k]) => k);
  const [kind, setKind] = useState(kinds.includes(route.query.kind) ? route.query.kind : kinds[0]);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState(null);
  const [result, setResult] = useState(null);
  const [problem, setProblem] = useState(null);
  const [rowErrors, setRowErrors] = useState(null);
  const [skipBad, setSkipBad] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef(null);

  function resetResults() {
    setPreview(null);
    setResult(null);
    setProblem(null);
    setRowErrors(null);
  }

  async function onFile(e) {
    resetResults();
    const file = e.currentTarget.files && e.currentTarget.files[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setProblem(t('import.too_large'));
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  }

  async function send(dryRun) {
    setBusy(true);
    setProblem(null);
    setRowErrors(null);
    try {
      /* The preview looks at every row (skip_bad), so that it can list all the bad ones. */
      const params = { dry_run: dryRun ? 'true' : 'false', skip_bad: dryRun || skipBad ? 'true' : '' };
      const r = await api('POST', `/${kind}/import${query(params)}`, text, { type: 'text/csv' });
      if (dryRun) setPreview(r);
      else {
        setResult(r);
        setPreview(null);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.rows) {
        setProblem(t('import.nothing_written'));
        setRowErrors(e.rows);
      } else if (!(e instanceof ApiError && e.status === 401)) {
        setProblem(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  }

  const bad = preview ? (preview.errors || []).length : 0;
  return html`<div>
    <h1>${t('import.title')}</h1>
    <p class="lead">${t('import.intro')}</p>
    <form class="form" onSubmit=${(e) => { e.preventDefault(); send(true); }} novalidate>
      <fieldset class="group">
        <legend>${t('import.what')}</legend>
        <div class="checks">${kinds.map((k) => html`<div class="check">
          <input type="radio" id=${`imp-${k}`} name="imp-kind" value=${k} checked=${kind === k}
            onChange=${() => { setKind(k); resetResults(); }} />
          <label for=${`imp-${k}`}>${t(WORDS[k][0])}</label></div>`)}</div>
      </fieldset>
      <p class="hint">${t(WORDS[kind][1])}</p>
      <div class="field wide">
        <label for="imp-file">${t('import.file')}</label>
        <input id="imp-file" ref=${fileRef} type="file" accept=".csv,text/csv" onChange=${onFile} />
      </div>
      <div class="field wide">
        <label for="imp-text">${t('import.text')}</label>
        <textarea id="imp-text" rows="8" class="mono" value=${text} spellcheck=${false}
          onInput=${(e) => { setText(e.currentTarget.value); setFileName(''); resetResults(); }}></textarea>
      </div>
      ${fileName ? html`<p class="hint">${t('import.file_loaded', { name: fileName })}</p>` : null}
      <div class="actions">
        <button type="submit" disabled=${busy || !text.trim()}>${t('import.preview')}</button>
      </div>
    </form>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    <${RowErrors} errors=${rowErrors} />
    ${preview ? html`<section class="panel" aria-labelledby="h-preview">
      <h2 id="h-preview">${t('import.preview_title')}</h2>
      <p role="status">${t('import.preview_summary', { rows: fmtNumber(preview.rows), good: fmtNumber(preview.rows - bad), bad: fmtNumber(bad) })}</p>
      <${RowErrors} errors=${preview.errors} />
      ${bad ? html`<div class="field check">
        <input id="imp-skip" type="checkbox" checked=${skipBad} onChange=${(e) => setSkipBad(e.currentTarget.checked)} />
        <label for="imp-skip">${t('import.skip_bad')}</label></div>` : null}
      <div class="actions">
        <button type="button" disabled=${busy || (bad > 0 && !skipBad) || preview.rows - bad <= 0} onClick=${() => send(false)}>
          ${t('import.commit', { n: fmtNumber(bad && skipBad ? preview.rows - bad : preview.rows) })}</button>
      </div>
    </section>` : null}
    ${result ? html`<div class="notice success" role="status">${t('import.done', { imported: fmtNumber(result.imported), skipped: fmtNumber(result.skipped) })}</div>` : null}
  </div>`;
}
