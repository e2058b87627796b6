/*
 * User administration (admin): the list, adding a user, changing one
 * (role, organisation, language), disabling or enabling, resetting a password.
 *   #/users  #/users/new  #/users/7
 */
import { html, useState } from '../vendor.js';
import { t, label, fmtNumber, fmtTimestamp, LOCALES } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { navigate } from '../router.js';
import { can, ROLES } from '../roles.js';
import { useAsync, useForm, Pending, Input, Select, Checkbox, FormStatus, Alert, errorText, intOrText } from '../ui.js';
import { OrgPicker } from '../orgpicker.js';

function List({ user }) {
  const [showDisabled, setShowDisabled] = useState(true);
  const list = useAsync(() => get('/users', { limit: 500, disabled: showDisabled ? '' : 'false' }), [showDisabled]);
  return html`<div>
    <div class="screen-head"><h1>${t('users.title')}</h1>
      ${can(user, 'user.write') ? html`<div class="head-actions"><a class="button" href="#/users/new">${t('users.new')}</a></div>` : null}
    </div>
    <div class="filters"><div class="field check">
      <input id="users-disabled" type="checkbox" checked=${showDisabled} onChange=${(e) => setShowDisabled(e.currentTarget.checked)} />
      <label for="users-disabled">${t('users.show_disabled')}</label></div></div>
    ${!list.data ? html`<${Pending} state=${list} />` : html`
      <p class="count" role="status">${t('common.found', { n: fmtNumber(list.data.total) })}</p>
      <div class="table-wrap"><table class="list">
      <thead><tr><th scope="col">${t('users.login')}</th><th scope="col">${t('users.display_name')}</th>
        <th scope="col">${t('users.role')}</th><th scope="col">${t('users.status')}</th></tr></thead>
      <tbody>${list.data.items.map((u) => html`<tr class=${u.disabled ? 'muted' : ''}>
        <th scope="row"><a href=${`#/users/${u.id}`}>${u.login}</a></th><td>${u.display_name}</td>
        <td>${label('role', u.role)}</td><td>${u.disabled ? t('users.disabled') : t('users.active')}</td></tr>`)}</tbody>
    </table></div>`}
  </div>`;
}

function localeOptions() {
  return LOCALES.map((l) => [l, t(`language.${l}`)]);
}

function NewUser() {
  const f = useForm({
    form: 'user.new',
    initial: { login: '', display_name: '', organisation_id: '', organisation_name: '', role: 'viewer', password: '', locale: '' },
    required: ['login', 'display_name', 'organisation_id', 'role', 'password'],
    secret: ['password'],
    submit: async (v) => {
      const body = { login: v.login.trim(), display_name: v.display_name.trim(),
        organisation_id: intOrText(v.organisation_id), role: v.role, password: v.password };
      if (v.locale) body.locale = v.locale;
      const u = await post('/users', body);
      navigate(`/users/${u.id}`);
    },
  });
  return html`<div>
    <p class="crumbs"><a href="#/users">${t('users.title')}</a></p>
    <h1>${t('users.new')}</h1>
    <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
      <${FormStatus} f=${f} />
      <div class="grid">
        <${Input} f=${f} name="login" label=${t('users.login')} required maxlength="64" autocomplete="off" autocapitalize="none" spellcheck=${false} />
        <${Input} f=${f} name="display_name" label=${t('users.display_name')} required maxlength="200" />
        <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('users.organisation')} required />
        <${Select} f=${f} name="role" label=${t('users.role')} required options=${ROLES.map((r) => [r, label('role', r)])} />
        <${Select} f=${f} name="locale" label=${t('users.locale')} empty=${t('users.locale_browser')} options=${localeOptions()} />
        <${Input} f=${f} name="password" label=${t('users.password')} type="password" required autocomplete="new-password" hint=${t('users.password_hint')} />
      </div>
      <div class="actions"><button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('users.create')}</button>
        <a class="button secondary" href="#/users">${t('common.cancel')}</a></div>
    </form>
  </div>`;
}

function EditUser({ u, orgName, onSaved }) {
  const f = useForm({
    form: `user.${u.id}`,
    initial: { display_name: u.display_name, organisation_id: u.organisation_id, organisation_name: orgName,
      role: u.role, locale: u.locale || '', disabled: !!u.disabled },
    required: ['display_name', 'organisation_id', 'role'],
    submit: async (v) => {
      const saved = await patch(`/users/${u.id}`, { display_name: v.display_name.trim(),
        organisation_id: intOrText(v.organisation_id), role: v.role, locale: v.locale || null, disabled: !!v.disabled });
      onSaved(saved);
    },
  });
  return html`<section class="panel" aria-labelledby="h-user-edit"><h2 id="h-user-edit">${t('users.details')}</h2>
    <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
      <${FormStatus} f=${f} savedText=${t('common.saved')} />
      <div class="grid">
        <${Input} f=${f} name="display_name" label=${t('users.display_name')} required maxlength="200" />
        <${OrgPicker} f=${f} name="organisation_id" nameField="organisation_name" labelText=${t('users.organisation')} required />
        <${Select} f=${f} name="role" label=${t('users.role')} required options=${ROLES.map((r) => [r, label('role', r)])} />
        <${Select} f=${f} name="locale" label=${t('users.locale')} empty=${t('users.locale_browser')} options=${localeOptions()} />
        <${Checkbox} f=${f} name="disabled" label=${t('users.disabled_label')} />
      </div>
      <div class="actions"><button type="submit" disabled=${f.busy}>${f.busy ? t('common.saving') : t('common.save')}</button></div>
    </form></section>`;
}

function ResetPassword({ u }) {
  const f = useForm({
    form: null,
    initial: { password: '' },
    required: ['password'],
    submit: async (v) => {
      await patch(`/users/${u.id}`, { password: v.password });
      f.reset({ password: '' });
    },
  });
  f.id = 'reset';
  return html`<section class="panel" aria-labelledby="h-user-pw"><h2 id="h-user-pw">${t('users.reset_password')}</h2>
    <p>${t('users.reset_note')}</p>
    <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
      <${FormStatus} f=${f} savedText=${t('users.password_reset_done')} />
      <div class="grid">
        <${Input} f=${f} name="password" label=${t('users.new_password')} type="password" required autocomplete="new-password" hint=${t('users.password_hint')} />
      </div>
      <div class="actions"><button type="submit" disabled=${f.busy}>${t('users.reset_password')}</button></div>
    </form></section>`;
}

function Detail({ id, user }) {
  const data = useAsync(async () => {
    const u = await get(`/users/${id}`);
    let orgName = '';
    try {
      orgName = (await get(`/organisations/${u.organisation_id}`)).name;
    } catch {
      orgName = String(u.organisation_id);
    }
    return { u, orgName };
  }, [id]);
  const [problem, setProblem] = useState(null);
  if (!data.data) return html`<h1>${t('users.title')}</h1><${Pending} state=${data} />`;
  const { u, orgName } = data.data;
  async function toggle() {
    try {
      await patch(`/users/${u.id}`, { disabled: !u.disabled });
      data.reload();
    } catch (e) {
      setProblem(errorText(e));
    }
  }
  return html`<div>
    <p class="crumbs"><a href="#/users">${t('users.title')}</a></p>
    <div class="screen-head"><h1>${u.display_name} <span class="code">${u.login}</span></h1>
      ${can(user, 'user.write') && u.id !== user.id ? html`<div class="head-actions">
        <button type="button" class=${u.disabled ? '' : 'danger'} onClick=${toggle}>${u.disabled ? t('users.enable') : t('users.disable')}</button>
      </div>` : null}
    </div>
    ${problem ? html`<${Alert}>${problem}<//>` : null}
    <p>${u.disabled ? html`<span class="tag">${t('users.disabled')}</span> ` : null}${t('users.created', { when: fmtTimestamp(u.created_at) })}</p>
    ${can(user, 'user.write') ? html`
      <${EditUser} u=${u} orgName=${orgName} onSaved=${() => data.reload()} />
      <${ResetPassword} u=${u} />` : null}
  </div>`;
}

export default function Users({ route, user }) {
  const [, second] = route.parts;
  if (second === 'new') return can(user, 'user.write') ? html`<${NewUser} />` : html`<h1>${t('error.forbidden')}</h1>`;
  if (second && /^\d+$/.test(second)) return html`<${Detail} key=${second} id=${second} user=${user} />`;
  return html`<${List} user=${user} />`;
}
