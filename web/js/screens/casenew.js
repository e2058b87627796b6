/*
 * Registering a case (POST /api/v1/cases), and the same form changing one
 * (PATCH /api/v1/cases/{id}): the person, the identification, the
 * exploitation.  Its draft lives in this page's memory only (never in the
 * browser's storage): after an expired session and a new log-in it comes
 * back, and it is gone with the page.  When another agency holds a case of
 * the same person the answer says so, and the case page shows it plainly.
 *   #/cases/new
 */
import { html } from '../vendor.js';
import { t, label, countryName } from '../i18n.js';
import { post, patch } from '../api.js';
import { navigate } from '../router.js';
import { can } from '../roles.js';
import { COUNTRIES, CASE_STATUSES, CLOSURE_REASONS, TRAFFICKING_STATUSES, DECIDING_BODIES,
  IDENTIFICATION_SOURCES, GENDERS, AGE_BANDS, EXPLOITATION_TYPES, LABOUR_INDUSTRIES, RECRUITMENT,
  CONTROL_METHODS, RELATIONSHIPS } from '../enums.js';
import { useForm, Input, Select, TextArea, CheckboxGroup, FormStatus, nullIfEmpty } from '../ui.js';

const TEXT = ['given_name', 'family_name', 'birth_date', 'phone', 'email', 'address', 'identity_document',
  'citizenship', 'trafficking_status', 'deciding_body', 'identified_on', 'identification_source', 'gender',
  'age_band', 'labour_industry', 'exploitation_country', 'recruitment', 'relationship_to_trafficker',
  'status', 'closure_reason'];
const LINES = ['aliases', 'languages'];
const SETS = ['exploitation_types', 'control_methods'];

function toValues(c) {
  const v = {};
  for (const k of TEXT) v[k] = c && c[k] !== null && c[k] !== undefined ? String(c[k]) : '';
  for (const k of LINES) v[k] = c ? (c[k] || []).join('\n') : '';
  for (const k of SETS) v[k] = c ? c[k] || [] : [];
  if (!c) {
    v.trafficking_status = 'possible';
    v.gender = '';
    v.status = 'active';
  }
  return v;
}

function toBody(v, isNew) {
  const b = {};
  for (const k of TEXT) {
    let x = nullIfEmpty(v[k]);
    if (x && (k === 'citizenship' || k === 'exploitation_country')) x = x.toUpperCase();
    b[k] = x;
  }
  for (const k of LINES) b[k] = String(v[k] || '').split('\n').map((s) => s.trim()).filter(Boolean);
  for (const k of SETS) b[k] = v[k] || [];
  if (b.status !== 'closed' && b.status !== 'closed_referred') b.closure_reason = null;
  if (isNew) {
    delete b.status;
    delete b.closure_reason;
    for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
  }
  return b;
}

function countryOptions(current) {
  const list = COUNTRIES.includes(current) || !current ? COUNTRIES : [...COUNTRIES, current];
  return list.map((c) => [c, countryName(c)]);
}

/* c: the case to change (null: a new one); onSaved(answer). */
export function CaseForm({ c, user, onSaved, onCancel }) {
  const isNew = !c;
  const f = useForm({
    form: isNew ? 'case.new' : `case.${c.id}`,
    memory: true,
    initial: toValues(c),
    required: ['trafficking_status', 'gender'],
    submit: async (v) => {
      const saved = isNew ? await post('/cases', toBody(v, true)) : await patch(`/cases/${c.id}`, toBody(v, false));
      onSaved(saved);
    },
  });
  const closing = f.values.status === 'closed' || f.values.status === 'closed_referred';
  const statuses = CASE_STATUSES.filter((s) => can(user, 'case.manage') || !s.startsWith('closed') || (c && c.status === s));
  return html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form case-form">
    <${FormStatus} f=${f} />
    <p class="hint">${t('case.memory_draft')}</p>
    <fieldset class="group">
      <legend>${t('case.section_person')}</legend>
      <div class="grid">
        <${Input} f=${f} name="given_name" label=${t('case.given_name')} maxlength="200" autocomplete="off" />
        <${Input} f=${f} name="family_name" label=${t('case.family_name')} maxlength="200" autocomplete="off" />
        <${Input} f=${f} name="birth_date" label=${t('case.birth_date')} type="date" autocomplete="off" />
        <${Select} f=${f} name="gender" label=${t('case.gender')} required empty=${t('common.choose')}
          options=${GENDERS.map((g) => [g, label('gender', g)])} />
        <${Select} f=${f} name="age_band" label=${t('case.age_band')} hint=${t('case.age_band_hint')} empty=${t('common.none')}
          options=${AGE_BANDS.map((a) => [a, a])} />
        <${Select} f=${f} name="citizenship" label=${t('case.citizenship')} empty=${t('common.none')}
          options=${countryOptions(f.values.citizenship)} />
        <${TextArea} f=${f} name="aliases" label=${t('case.aliases')} hint=${t('case.one_per_line')} rows="2" wide=${false} />
        <${TextArea} f=${f} name="languages" label=${t('case.languages')} hint=${t('case.one_per_line')} rows="2" wide=${false} />
        <${Input} f=${f} name="phone" label=${t('case.phone')} type="tel" maxlength="50" autocomplete="off" />
        <${Input} f=${f} name="email" label=${t('case.email')} type="email" maxlength="254" autocomplete="off" />
        <${Input} f=${f} name="address" label=${t('case.address')} maxlength="500" wide autocomplete="off" />
        <${Input} f=${f} name="identity_document" label=${t('case.identity_document')} maxlength="100" autocomplete="off" />
      </div>
    </fieldset>
    <fieldset class="group">
      <legend>${t('case.section_identification')}</legend>
      <div class="grid">
        <${Select} f=${f} name="trafficking_status" label=${t('case.trafficking_status')} required
          options=${TRAFFICKING_STATUSES.map((s) => [s, label('trafficking_status', s)])} />
        <${Select} f=${f} name="deciding_body" label=${t('case.deciding_body')} empty=${t('common.none')}
          options=${DECIDING_BODIES.map((s) => [s, label('deciding_body', s)])} />
        <${Input} f=${f} name="identified_on" label=${t('case.identified_on')} type="date" />
        <${Select} f=${f} name="identification_source" label=${t('case.identification_source')} empty=${t('common.none')}
          options=${IDENTIFICATION_SOURCES.map((s) => [s, label('identification_source', s)])} />
        ${isNew ? null : html`<${Select} f=${f} name="status" label=${t('case.status')} required
          options=${statuses.map((s) => [s, label('case_status', s)])} />`}
        ${!isNew && closing ? html`<${Select} f=${f} name="closure_reason" label=${t('case.closure_reason')} required
          empty=${t('common.choose')} options=${CLOSURE_REASONS.map((s) => [s, label('closure_reason', s)])} />` : null}
      </div>
    </fieldset>
    <fieldset class="group">
      <legend>${t('case.section_exploitation')}</legend>
      <${CheckboxGroup} f=${f} name="exploitation_types" label=${t('case.exploitation_types')}
        options=${EXPLOITATION_TYPES.map((k) => [k, label('exploitation', k)])} />
      <div class="grid">
        <${Select} f=${f} name="labour_industry" label=${t('case.labour_industry')} empty=${t('common.none')}
          options=${LABOUR_INDUSTRIES.map((k) => [k, `${k} – ${label('isic', k)}`])} />
        <${Select} f=${f} name="exploitation_country" label=${t('case.exploitation_country')} empty=${t('common.none')}
          options=${countryOptions(f.values.exploitation_country)} />
        <${Select} f=${f} name="recruitment" label=${t('case.recruitment')} empty=${t('common.none')}
          options=${RECRUITMENT.map((k) => [k, label('recruitment', k)])} />
        <${Select} f=${f} name="relationship_to_trafficker" label=${t('case.relationship')} empty=${t('common.none')}
          options=${RELATIONSHIPS.map((k) => [k, label('relationship', k)])} />
      </div>
      <${CheckboxGroup} f=${f} name="control_methods" label=${t('case.control_methods')}
        options=${CONTROL_METHODS.map((k) => [k, label('control', k)])} />
    </fieldset>
    <div class="actions sticky">
      <button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : isNew ? t('case.register') : t('common.save')}</button>
      ${onCancel ? html`<button type="button" class="secondary" onClick=${onCancel}>${t('common.cancel')}</button>`
        : html`<a class="button secondary" href="#/cases">${t('common.cancel')}</a>`}
    </div>
  </form>`;
}

export default function CaseNew({ user }) {
  return html`<div>
    <p class="crumbs"><a href="#/cases">${t('case.list_title')}</a></p>
    <h1>${t('case.new_title')}</h1>
    <${CaseForm} user=${user} onSaved=${(c) => navigate(`/cases/${c.id}`,
      { registered: '1', duplicate: c.possible_duplicate_elsewhere ? '1' : '' })} />
  </div>`;
}
