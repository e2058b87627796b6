/*
 * One case: the person (the only place a person's identifying fields are
 * shown), the exploitation, the decisions with the recovery-period clock,
 * consent records (record one, withdraw one), services, notes (the
 * agency's own and the shared ones), referrals with their states and
 * deadlines, and, for the owning agency's case managers, who read the case.
 * Every form keeps its draft in this page's memory only.
 *   #/cases/12[?tab=person|exploitation|decisions|consents|services|notes|referrals|access]
 */
import { html, useState } from '../vendor.js';
import { t, label, fmtDate, fmtTimestamp, countryName } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { href } from '../router.js';
import { can } from '../roles.js';
import { GROUNDS, CONSENT_GIVERS, CONSENT_SCOPES, SERVICE_TYPES, SERVICE_STATUSES, NOTE_VISIBILITIES } from '../enums.js';
import { useAsync, useForm, Pending, Pager, Input, Select, TextArea, CheckboxGroup, FormStatus, Alert,
  errorText, nullIfEmpty, today } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';
import { RecoveryClock, ReferralStatus, labels, personName, referralDue } from '../casework.js';
import { CaseForm } from './casenew.js';

const TABS = ['person', 'exploitation', 'decisions', 'consents', 'services', 'notes', 'referrals', 'access'];

function Details({ rows }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return html`<dl class="details">${shown.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function yesNo(v) {
  if (v === null || v === undefined) return null;
  return v ? t('common.yes') : t('common.no');
}

function Person({ c, user, onChanged }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return html`<section class="panel" aria-labelledby="h-person"><h2 id="h-person">${t('case.edit_title')}</h2>
      <${CaseForm} c=${c} user=${user} onSaved=${(s) => { setEditing(false); onChanged(s); }} onCancel=${() => setEditing(false)} /></section>`;
  }
  return html`<section aria-labelledby="h-person">
    <div class="screen-head"><h2 id="h-person">${t('case.section_person')}</h2>
      ${can(user, 'case.write') ? html`<button type="button" class="secondary" onClick=${() => setEditing(true)}>${t('common.edit')}</button>` : null}</div>
    <${Details} rows=${[
      [t('case.name'), personName(c)],
      [t('case.aliases'), (c.aliases || []).join(', ')],
      [t('case.birth_date'), c.birth_date ? fmtDate(c.birth_date) : null],
      [t('case.age_band'), c.age_band],
      [t('case.minor'), yesNo(c.minor)],
      [t('case.gender'), label('gender', c.gender)],
      [t('case.citizenship'), c.citizenship ? countryName(c.citizenship) : null],
      [t('case.languages'), (c.languages || []).join(', ')],
      [t('case.phone'), c.phone],
      [t('case.email'), c.email],
      [t('case.address'), c.address],
      [t('case.identity_document'), c.identity_document],
    ]} />
    <h3>${t('case.section_identification')}</h3>
    <${Details} rows=${[
      [t('case.status'), label('case_status', c.status)],
      [t('case.closure_reason'), label('closure_reason', c.closure_reason)],
      [t('case.closed_on'), c.closed_on ? fmtDate(c.closed_on) : null],
      [t('case.trafficking_status'), label('trafficking_status', c.trafficking_status)],
      [t('case.deciding_body'), label('deciding_body', c.deciding_body)],
      [t('case.identified_on'), c.identified_on ? fmtDate(c.identified_on) : null],
      [t('case.identification_source'), label('identification_source', c.identification_source)],
      [t('case.agency'), c.organisation_name],
      [t('case.registered_at'), fmtTimestamp(c.created_at)],
    ]} />
  </section>`;
}

function Exploitation({ c, user, onChanged }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return html`<section class="panel" aria-labelledby="h-expl"><h2 id="h-expl">${t('case.edit_title')}</h2>
      <${CaseForm} c=${c} user=${user} onSaved=${(s) => { setEditing(false); onChanged(s); }} onCancel=${() => setEditing(false)} /></section>`;
  }
  return html`<section aria-labelledby="h-expl">
    <div class="screen-head"><h2 id="h-expl">${t('case.section_exploitation')}</h2>
      ${can(user, 'case.write') ? html`<button type="button" class="secondary" onClick=${() => setEditing(true)}>${t('common.edit')}</button>` : null}</div>
    <${Details} rows=${[
      [t('case.exploitation_types'), labels('exploitation', c.exploitation_types) || t('common.none')],
      [t('case.labour_industry'), c.labour_industry ? `${c.labour_industry} – ${label('isic', c.labour_industry)}` : null],
      [t('case.exploitation_country'), c.exploitation_country ? countryName(c.exploitation_country) : null],
      [t('case.recruitment'), label('recruitment', c.recruitment)],
      [t('case.control_methods'), labels('control', c.control_methods)],
      [t('case.relationship'), label('relationship', c.relationship_to_trafficker)],
    ]} />
  </section>`;
}

const DECISION_FIELDS = ['reasonable_grounds', 'reasonable_grounds_date', 'recovery_period_end',
  'conclusive_grounds', 'conclusive_grounds_date'];

function Decisions({ c, user, onChanged }) {
  const initial = {};
  for (const k of DECISION_FIELDS) initial[k] = c[k] || '';
  const f = useForm({
    form: `case.decisions.${c.id}`,
    memory: true,
    initial,
    submit: async (v) => {
      const b = {};
      for (const k of DECISION_FIELDS) b[k] = nullIfEmpty(v[k]);
      onChanged(await patch(`/cases/${c.id}`, b));
    },
  });
  const grounds = GROUNDS.map((g) => [g, label('grounds', g)]);
  return html`<section aria-labelledby="h-decisions">
    <h2 id="h-decisions">${t('case.section_decisions')}</h2>
    <div class="panel"><h3>${t('case.recovery_period')}</h3><${RecoveryClock} c=${c} /></div>
    ${can(user, 'case.write') ? html`<form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
      <${FormStatus} f=${f} savedText=${t('common.saved')} />
      <div class="grid">
        <${Select} f=${f} name="reasonable_grounds" label=${t('case.reasonable_grounds')} empty=${t('case.not_decided')} options=${grounds} />
        <${Input} f=${f} name="reasonable_grounds_date" label=${t('case.decided_on')} type="date" />
        <${Input} f=${f} name="recovery_period_end" label=${t('case.recovery_period_end')} type="date" hint=${t('case.recovery_period_end_hint')} />
        <${Select} f=${f} name="conclusive_grounds" label=${t('case.conclusive_grounds')} empty=${t('case.not_decided')} options=${grounds} />
        <${Input} f=${f} name="conclusive_grounds_date" label=${t('case.conclusive_decided_on')} type="date" />
      </div>
      <div class="actions"><button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button></div>
    </form>` : html`<${Details} rows=${[
      [t('case.reasonable_grounds'), label('grounds', c.reasonable_grounds)],
      [t('case.decided_on'), c.reasonable_grounds_date ? fmtDate(c.reasonable_grounds_date) : null],
      [t('case.conclusive_grounds'), label('grounds', c.conclusive_grounds)],
      [t('case.conclusive_decided_on'), c.conclusive_grounds_date ? fmtDate(c.conclusive_grounds_date) : null],
    ]} />`}
  </section>`;
}

function Withdraw({ c, consent, onDone }) {
  const [open, setOpen] = useState(false);
  const [day, setDay] = useState(today());
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `withdraw-${consent.id}`;
  if (!open) return html`<button type="button" class="secondary" onClick=${() => setOpen(true)}>${t('consent.withdraw')}</button>`;
  async function go(e) {
    e.preventDefault();
    setBusy(true);
    try {
      await patch(`/cases/${c.id}/consents/${consent.id}`, { withdrawn_on: day });
      onDone();
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="withdraw" onSubmit=${go}>
    <div class="field"><label for=${id}>${t('consent.withdrawn_on')}</label>
      <input id=${id} type="date" value=${day} onInput=${(e) => setDay(e.currentTarget.value)} /></div>
    <p class="hint">${t('consent.withdraw_note')}</p>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    <div class="actions"><button type="submit" class="danger" disabled=${busy}>${t('consent.withdraw_confirm')}</button>
      <button type="button" class="secondary" onClick=${() => setOpen(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

function Consents({ c, user }) {
  const list = useAsync(() => get(`/cases/${c.id}/consents`), [c.id]);
  const f = useForm({
    form: `consent.new.${c.id}`,
    memory: true,
    initial: { given_by: 'person', given_on: today(), scopes: [], expires_on: '', agency_id: '', agency_name: '' },
    required: ['given_by', 'given_on'],
    alias: { agencies: 'agency_id' },
    submit: async (v) => {
      const b = { given_by: v.given_by, given_on: v.given_on, scopes: v.scopes || [] };
      if (nullIfEmpty(v.expires_on)) b.expires_on = v.expires_on;
      if (v.agency_id) b.agencies = [Number(v.agency_id)];
      await post(`/cases/${c.id}/consents`, b);
      f.reset({ given_by: 'person', given_on: today(), scopes: [], expires_on: '', agency_id: '', agency_name: '' });
      list.reload();
    },
  });
  return html`<section aria-labelledby="h-consents">
    <h2 id="h-consents">${t('case.section_consents')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('consent.given_on')}</th><th scope="col">${t('consent.given_by')}</th>
        <th scope="col">${t('consent.scopes')}</th><th scope="col">${t('consent.expires_on')}</th>
        <th scope="col">${t('consent.state')}</th><th scope="col"><span class="visually-hidden">${t('common.actions')}</span></th></tr></thead>
      <tbody>${list.data.items.map((k) => html`<tr class=${k.current ? '' : 'muted'}>
        <th scope="row">${fmtDate(k.given_on)}</th><td>${label('consent_giver', k.given_by)}</td>
        <td>${labels('consent_scope', k.scopes)}</td><td>${k.expires_on ? fmtDate(k.expires_on) : '–'}</td>
        <td>${k.withdrawn_on ? t('consent.withdrawn', { date: fmtDate(k.withdrawn_on) }) : k.current ? t('consent.current') : t('consent.expired')}</td>
        <td>${k.current && can(user, 'case.write') ? html`<${Withdraw} c=${c} consent=${k} onDone=${() => list.reload()} />` : null}</td>
      </tr>`)}</tbody></table></div>` : html`<p>${t('consent.none')}</p>`}
    ${can(user, 'case.write') ? html`<h3>${t('consent.add')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <div class="grid">
          <${Select} f=${f} name="given_by" label=${t('consent.given_by')} required options=${CONSENT_GIVERS.map((g) => [g, label('consent_giver', g)])} />
          <${Input} f=${f} name="given_on" label=${t('consent.given_on')} type="date" required />
          <${Input} f=${f} name="expires_on" label=${t('consent.expires_on')} type="date" />
        </div>
        <${CheckboxGroup} f=${f} name="scopes" label=${t('consent.scopes')} options=${CONSENT_SCOPES.map((s) => [s, label('consent_scope', s)])} />
        <${OrgPicker} f=${f} name="agency_id" nameField="agency_name" labelText=${t('consent.agency')} hint=${t('consent.agency_hint')} />
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('consent.add')}</button></div>
      </form>` : null}
  </section>`;
}

function Services({ c, user }) {
  const list = useAsync(() => get(`/cases/${c.id}/services`), [c.id]);
  const empty = { type: '', status: 'planned', start_on: '', end_on: '' };
  const f = useForm({
    form: `service.new.${c.id}`,
    memory: true,
    initial: empty,
    required: ['type'],
    submit: async (v) => {
      const b = { type: v.type, status: v.status };
      if (nullIfEmpty(v.start_on)) b.start_on = v.start_on;
      if (nullIfEmpty(v.end_on)) b.end_on = v.end_on;
      await post(`/cases/${c.id}/services`, b);
      f.reset(empty);
      list.reload();
    },
  });
  return html`<section aria-labelledby="h-services">
    <h2 id="h-services">${t('case.section_services')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('service.type')}</th><th scope="col">${t('service.provider')}</th>
        <th scope="col">${t('service.start_on')}</th><th scope="col">${t('service.end_on')}</th><th scope="col">${t('service.status')}</th></tr></thead>
      <tbody>${list.data.items.map((s) => html`<tr>
        <th scope="row">${label('service', s.type)}</th><td>${s.provider_name || ''}</td>
        <td>${s.start_on ? fmtDate(s.start_on) : '–'}</td><td>${s.end_on ? fmtDate(s.end_on) : '–'}</td>
        <td>${label('service_status', s.status)}</td></tr>`)}</tbody></table></div>` : html`<p>${t('service.none')}</p>`}
    ${can(user, 'case.write') ? html`<h3>${t('service.add')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <div class="grid">
          <${Select} f=${f} name="type" label=${t('service.type')} required empty=${t('common.choose')} options=${SERVICE_TYPES.map((s) => [s, label('service', s)])} />
          <${Select} f=${f} name="status" label=${t('service.status')} options=${SERVICE_STATUSES.map((s) => [s, label('service_status', s)])} />
          <${Input} f=${f} name="start_on" label=${t('service.start_on')} type="date" />
          <${Input} f=${f} name="end_on" label=${t('service.end_on')} type="date" />
        </div>
        <p class="hint">${t('service.provider_hint')}</p>
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('service.add')}</button></div>
      </form>` : null}
  </section>`;
}

function Notes({ c, user }) {
  const list = useAsync(() => get(`/cases/${c.id}/notes`), [c.id]);
  const empty = { body: '', visibility: 'own_agency' };
  const f = useForm({
    form: `note.new.${c.id}`,
    memory: true,
    initial: empty,
    required: ['body'],
    submit: async (v) => {
      await post(`/cases/${c.id}/notes`, { body: v.body, visibility: v.visibility });
      f.reset(empty);
      list.reload();
    },
  });
  return html`<section aria-labelledby="h-notes">
    <h2 id="h-notes">${t('case.section_notes')}</h2>
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<ol class="notes">
      ${list.data.items.map((n) => html`<li class="note">
        <p class="note-meta">${fmtTimestamp(n.created_at)} · ${n.organisation_name || ''} ·
          ${' '}<span class=${`vis vis-${n.visibility}`}>${label('note_visibility', n.visibility)}</span></p>
        <p class="pre">${n.body}</p></li>`)}
    </ol>` : html`<p>${t('note.none')}</p>`}
    ${can(user, 'case.write') ? html`<h3>${t('note.add')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <${TextArea} f=${f} name="body" label=${t('note.body')} rows="4" maxlength="20000" />
        <${Select} f=${f} name="visibility" label=${t('note.visibility')} hint=${t('note.visibility_hint')}
          options=${NOTE_VISIBILITIES.map((s) => [s, label('note_visibility', s)])} />
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('note.add')}</button></div>
      </form>` : null}
  </section>`;
}

function Referrals({ c, user }) {
  const list = useAsync(() => get(`/cases/${c.id}/referrals`), [c.id]);
  const [problem, setProblem] = useState(null);
  const manager = can(user, 'case.manage');
  const empty = { to_organisation_id: '', to_organisation_name: '', services: [], reason: '', override_justification: '' };
  const f = useForm({
    form: `referral.new.${c.id}`,
    memory: true,
    initial: empty,
    required: ['to_organisation_id'],
    submit: async (v) => {
      const b = { to_organisation_id: Number(v.to_organisation_id), services: v.services || [] };
      if (nullIfEmpty(v.reason)) b.reason = v.reason.trim();
      if (manager && nullIfEmpty(v.override_justification)) b.override_justification = v.override_justification.trim();
      await post(`/cases/${c.id}/referrals`, b);
      f.reset(empty);
      list.reload();
    },
  });
  async function revoke(r) {
    setProblem(null);
    try {
      await post(`/referrals/${r.id}/revoke`);
      list.reload();
    } catch (e) {
      setProblem(errorText(e));
    }
  }
  return html`<section aria-labelledby="h-referrals">
    <h2 id="h-referrals">${t('case.section_referrals')}</h2>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    ${!list.data ? html`<${Pending} state=${list} />` : list.data.items.length ? html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('referral.to')}</th><th scope="col">${t('referral.services')}</th>
        <th scope="col">${t('referral.status')}</th><th scope="col">${t('referral.sent')}</th>
        <th scope="col">${t('referral.due')}</th><th scope="col"><span class="visually-hidden">${t('common.actions')}</span></th></tr></thead>
      <tbody>${list.data.items.map((r) => html`<tr>
        <th scope="row">${r.to_organisation_name}${r.from_organisation_id !== c.organisation_id ? html`<br /><span class="opt-meta">${t('referral.from_name', { name: r.from_organisation_name })}</span>` : null}</th>
        <td>${labels('service', r.services)}</td>
        <td><${ReferralStatus} r=${r} />${r.decline_reason ? html`<br /><span class="opt-meta">${label('decline_reason', r.decline_reason)}</span>` : null}</td>
        <td>${fmtTimestamp(r.created_at)}</td><td>${referralDue(r) ? fmtDate(referralDue(r)) : '–'}</td>
        <td>${can(user, 'case.write') && r.from_organisation_id === user.organisation_id && (r.status === 'pending' || r.status === 'accepted')
          ? html`<button type="button" class="secondary" onClick=${() => revoke(r)}>${t('referral.revoke')}</button>` : null}</td>
      </tr>`)}</tbody></table></div>` : html`<p>${t('referral.none')}</p>`}
    ${can(user, 'case.write') ? html`<h3>${t('referral.make')}</h3>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} />
        <p class="hint">${t('referral.consent_needed')}</p>
        <${OrgPicker} f=${f} name="to_organisation_id" nameField="to_organisation_name" labelText=${t('referral.to')} required />
        <${CheckboxGroup} f=${f} name="services" label=${t('referral.services')} options=${SERVICE_TYPES.map((s) => [s, label('service', s)])} />
        <${TextArea} f=${f} name="reason" label=${t('referral.reason')} rows="3" maxlength="2000" />
        ${manager ? html`<${TextArea} f=${f} name="override_justification" label=${t('referral.override')}
          hint=${t('referral.override_hint')} rows="3" maxlength="2000" />` : null}
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('referral.send')}</button></div>
      </form>` : null}
  </section>`;
}

const LOG_LIMIT = 50;

function AccessLog({ c }) {
  const [offset, setOffset] = useState(0);
  const list = useAsync(() => get(`/cases/${c.id}/access-log`, { limit: LOG_LIMIT, offset }), [c.id, offset]);
  return html`<section aria-labelledby="h-access">
    <h2 id="h-access">${t('case.section_access')}</h2>
    <p class="hint">${t('case.access_hint')}</p>
    ${!list.data ? html`<${Pending} state=${list} />` : html`<div class="table-wrap"><table class="access-log">
      <thead><tr><th scope="col">${t('case.access_at')}</th><th scope="col">${t('case.access_who')}</th><th scope="col">${t('case.access_route')}</th></tr></thead>
      <tbody>${list.data.items.map((a) => html`<tr><th scope="row">${fmtTimestamp(a.at)}</th><td>${a.login}</td><td><code>${a.route}</code></td></tr>`)}</tbody>
    </table></div>
    <${Pager} total=${list.data.total} limit=${LOG_LIMIT} offset=${offset} onPage=${setOffset} />`}
  </section>`;
}

export default function CasePage({ id, user, route }) {
  const loaded = useAsync(() => get(`/cases/${id}`), [id]);
  const [changed, setChanged] = useState(null);
  if (!loaded.data) return html`<p class="crumbs"><a href="#/cases">${t('case.list_title')}</a></p><h1>${t('case.title')}</h1><${Pending} state=${loaded} />`;
  const c = changed || loaded.data;
  const owner = c.organisation_id === user.organisation_id;
  const shown = TABS.filter((x) => x !== 'access' || (can(user, 'case.manage') && owner));
  const tab = shown.includes(route.query.tab) ? route.query.tab : 'person';
  return html`<div>
    <p class="crumbs"><a href="#/cases">${t('case.list_title')}</a></p>
    <div class="screen-head"><h1>${t('case.title_ref', { ref: c.reference })}</h1>
      <div class="head-actions"><span class="tag">${label('case_status', c.status)}</span>
        ${c.recovery_overdue ? html`<span class="tag alarm">${t('case.flag_recovery')}</span>` : null}</div></div>
    ${route.query.registered ? html`<${Alert} kind="success">${t('case.registered', { ref: c.reference })}<//>` : null}
    ${route.query.duplicate ? html`<div class="notice warn duplicate" role="alert">
      <p><strong>${t('case.duplicate_title')}</strong></p><p>${t('case.duplicate_text')}</p></div>` : null}
    <nav class="tabs" aria-label=${t('case.sections')}><ul>
      ${shown.map((x) => html`<li><a href=${href(`/cases/${c.id}`, { tab: x === 'person' ? '' : x })}
        aria-current=${x === tab ? 'page' : undefined}>${t(`case.tab_${x}`)}</a></li>`)}
    </ul></nav>
    ${tab === 'person' ? html`<${Person} c=${c} user=${user} onChanged=${setChanged} />` : null}
    ${tab === 'exploitation' ? html`<${Exploitation} c=${c} user=${user} onChanged=${setChanged} />` : null}
    ${tab === 'decisions' ? html`<${Decisions} key=${c.updated_at} c=${c} user=${user} onChanged=${setChanged} />` : null}
    ${tab === 'consents' ? html`<${Consents} c=${c} user=${user} />` : null}
    ${tab === 'services' ? html`<${Services} c=${c} user=${user} />` : null}
    ${tab === 'notes' ? html`<${Notes} c=${c} user=${user} />` : null}
    ${tab === 'referrals' ? html`<${Referrals} c=${c} user=${user} />` : null}
    ${tab === 'access' ? html`<${AccessLog} c=${c} />` : null}
  </div>`;
}
