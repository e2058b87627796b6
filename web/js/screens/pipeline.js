/*
 * The engagement pipeline: one column per stage, a card per business or hotel
 * with its next follow-up (an overdue one is marked in words, not colour
 * alone), a move to any stage with buttons and a new follow-up date (the API
 * records the stages a jump passes over), and each card's stage history.
 *   #/pipeline
 */
import { html, useState } from '../vendor.js';
import { t, label, fmtDate } from '../i18n.js';
import { getAll, get, patch, post } from '../api.js';
import { can } from '../roles.js';
import { ENGAGEMENT_STAGES } from '../enums.js';
import { useAsync, useForm, Pending, Alert, Input, Select, FormStatus, errorText, today, intOrText } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';

function History({ id }) {
  const h = useAsync(() => get(`/engagements/${id}/stages`), [id]);
  if (!h.data) return html`<${Pending} state=${h} />`;
  return html`<ol class="history">${h.data.items.map((s) => html`<li>
    ${fmtDate(s.date)}: ${label('pipeline.stage', s.stage)}${s.by ? html` — ${t('pipeline.by', { who: s.by })}` : null}
    ${s.from_stage ? html` (${t('pipeline.from', { stage: label('pipeline.stage', s.from_stage) })})` : null}
    ${s.skipped && s.skipped.length ? html` — ${t('pipeline.skipped', { stages: s.skipped.map((x) => label('pipeline.stage', x)).join(', ') })}` : null}
  </li>`)}</ol>`;
}

function Card({ e, user, onMoved }) {
  const [open, setOpen] = useState(false);
  const [moving, setMoving] = useState(false);
  const [to, setTo] = useState('');
  const [follow, setFollow] = useState(e.next_follow_up || '');
  const [problem, setProblem] = useState(null);
  const overdue = e.next_follow_up && e.next_follow_up < today();
  const write = can(user, 'engagement.write');
  const idp = `eng-${e.id}`;
  async function move() {
    setProblem(null);
    try {
      await patch(`/engagements/${e.id}`, { stage: to, next_follow_up: follow || null });
      setMoving(false);
      onMoved();
    } catch (err) {
      setProblem(errorText(err));
    }
  }
  return html`<li class=${`card${overdue ? ' overdue' : ''}`} data-engagement=${e.id}>
    <h3><a href=${`#/organisations/${e.organisation_id}`}>${e.organisation_name}</a></h3>
    <p>${t('pipeline.next_follow_up')}: ${e.next_follow_up ? fmtDate(e.next_follow_up) : t('pipeline.none')}
      ${overdue ? html` <strong class="overdue-mark">${t('pipeline.overdue')}</strong>` : null}</p>
    <button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} onClick=${() => setOpen(!open)}>${t('pipeline.history')}</button>
    ${open ? html`<${History} id=${e.id} />` : null}
    ${write && !moving ? html`<button type="button" class="secondary" onClick=${() => { setTo(''); setMoving(true); }}>${t('pipeline.move')}</button>` : null}
    ${write && moving ? html`<div class="move">
      ${problem ? html`<${Alert}>${problem}<//>` : null}
      <div class="field"><label for=${`${idp}-date`}>${t('pipeline.next_follow_up')}</label>
        <input id=${`${idp}-date`} type="date" value=${follow} onInput=${(ev) => setFollow(ev.currentTarget.value)} /></div>
      <p>${t('pipeline.move_to')}</p>
      <div class="buttons">${ENGAGEMENT_STAGES.filter((s) => s !== e.stage).map((s) => html`
        <button type="button" aria-pressed=${to === s ? 'true' : 'false'} onClick=${() => setTo(s)}>${label('pipeline.stage', s)}</button>`)}</div>
      <button type="button" disabled=${!to} onClick=${move}>${t('common.save')}</button>
      ${' '}<button type="button" class="secondary" onClick=${() => setMoving(false)}>${t('common.cancel')}</button>
    </div>` : null}
  </li>`;
}

/* Starting an engagement with a business or hotel, owned by the user's organisation. */
function Start({ user, onMade }) {
  const projects = useAsync(() => getAll('/projects'), []);
  const blank = { project_id: '', organisation_id: '', organisation_name: '', stage: 'contacted', next_follow_up: '' };
  const f = useForm({
    form: 'engagement.new',
    initial: blank,
    required: ['project_id', 'organisation_id', 'stage'],
    submit: async (v) => {
      await post('/engagements', {
        project_id: intOrText(v.project_id), organisation_id: intOrText(v.organisation_id),
        run_by: user.organisation_id, stage: v.stage, next_follow_up: v.next_follow_up || null,
      });
      f.reset(blank);
      onMade();
    },
  });
  return html`<section class="panel" aria-labelledby="h-start">
    <h2 id="h-start">${t('pipeline.start')}</h2>
    <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
      <${FormStatus} f=${f} />
      <div class="grid">
        <${Select} f=${f} name="project_id" label=${t('pipeline.project')} required empty=${t('common.choose')}
          options=${(projects.data || []).map((p) => [p.id, `${p.code} – ${p.title}`])} />
        <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('pipeline.business')}
          required hint=${t('pipeline.business_hint')} />
        <${Select} f=${f} name="stage" label=${t('pipeline.stage')} required
          options=${ENGAGEMENT_STAGES.map((s) => [s, label('pipeline.stage', s)])} />
        <${Input} f=${f} name="next_follow_up" label=${t('pipeline.next_follow_up')} type="date" />
      </div>
      <div class="actions"><button type="submit" disabled=${f.busy}>${t('pipeline.start')}</button></div>
    </form>
  </section>`;
}

export default function Pipeline({ user }) {
  const list = useAsync(() => getAll('/engagements'), []);
  return html`<div>
    <div class="screen-head"><h1>${t('pipeline.title')}</h1></div>
    ${can(user, 'engagement.write') && user.organisation_id ? html`<${Start} user=${user} onMade=${list.reload} />` : null}
    ${!list.data ? html`<${Pending} state=${list} />` : html`<div class="board">
      ${ENGAGEMENT_STAGES.map((s) => {
        const items = list.data.filter((e) => e.stage === s);
        return html`<section class="column" aria-labelledby=${`col-${s}`} data-stage=${s}>
          <h2 id=${`col-${s}`}>${label('pipeline.stage', s)} (${items.length})</h2>
          ${items.length ? html`<ul class="cards">${items.map((e) => html`<${Card} key=${`${e.id}:${e.updated_at}`} e=${e} user=${user} onMoved=${list.reload} />`)}</ul>`
            : html`<p>${t('pipeline.empty')}</p>`}
        </section>`;
      })}
    </div>`}
  </div>`;
}
