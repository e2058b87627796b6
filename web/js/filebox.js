/*
 * The one file of a record (a material's file, an agreement's signed
 * document): what is held, a download link, and, for those who may write,
 * choosing a file to send (PUT of the raw bytes; the server tells the type
 * from them and refuses a wrong type or a file over its limit, and that
 * refusal is shown as it says it) and removing it.
 *   base: the record's path under /api/v1 ("/materials/5"); record: the
 *   record with file_name, file_type, file_size; group: the i18n group
 *   ("material", "agreement"); onChange(record): after a change.
 */
import { html, useState } from './vendor.js';
import { t, fmtNumber } from './i18n.js';
import { putFile, del, ApiError } from './api.js';
import { errorText } from './ui.js';

export function fileProblem(e) {
  if (e instanceof ApiError && e.status === 415) return (e.fields && e.fields.file) || e.message;
  if (e instanceof ApiError && e.status === 413) return t('material.file_too_large');
  if (e instanceof ApiError && e.status === 422 && e.fields && Object.keys(e.fields).length) {
    return Object.entries(e.fields).map(([k, m]) => `${k}: ${m}`).join('; ');
  }
  return errorText(e);
}

export function FileBox({ base, record, group, canWrite, onChange }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(null);
  const id = `${group}-file-${record.id}`;
  async function send(file) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const saved = await putFile(`${base}/file?name=${encodeURIComponent(file.name)}`, file);
      setDone(t('material.file_uploaded', { name: (saved && saved.file_name) || file.name }));
      onChange(saved);
    } catch (e) {
      setProblem(fileProblem(e));
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await del(`${base}/file`);
      onChange({ ...record, file_name: null, file_type: null, file_size: null, file_sha256: null });
    } catch (e) {
      setProblem(fileProblem(e));
    } finally {
      setBusy(false);
    }
  }
  return html`<section class="group file-box" aria-labelledby=${`${id}-title`}>
    <h2 id=${`${id}-title`}>${t(`${group}.file_title`)}</h2>
    ${record.file_name ? html`<p>
      <a class="download" href=${`/api/v1${base}/file`} download=${record.file_name}>${t('material.file_download', { name: record.file_name })}</a>
      <span class="hint"> (${record.file_type}, ${t('material.file_size', { n: fmtNumber(record.file_size) })})</span>
    </p>` : html`<p class="hint">${t('material.file_none')}</p>`}
    ${canWrite ? html`<div class="field">
      <label for=${id}>${record.file_name ? t('material.file_replace') : t('material.file_choose')}</label>
      <p class="hint" id=${`${id}-hint`}>${t('material.file_types')}</p>
      <input id=${id} type="file" disabled=${busy} aria-describedby=${`${id}-hint`}
        onChange=${(e) => { const file = e.currentTarget.files && e.currentTarget.files[0]; e.currentTarget.value = ''; if (file) send(file); }} />
    </div>
    ${record.file_name ? html`<button type="button" class="secondary" disabled=${busy} onClick=${remove}>${t('material.file_remove')}</button>` : null}` : null}
    ${busy ? html`<p class="loading" role="status">${t('material.file_sending')}</p>` : null}
    ${problem ? html`<div class="notice error file-error" role="alert">${t('material.file_refused')} ${problem}</div>` : null}
    ${done ? html`<div class="notice success" role="status">${done}</div>` : null}
  </section>`;
}
