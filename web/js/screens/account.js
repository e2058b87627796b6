/* One's own account: who one is, and changing one's password. */
import { html } from '../vendor.js';
import { t, label } from '../i18n.js';
import { put } from '../api.js';
import { useForm, Input, FormStatus } from '../ui.js';
import { TotpEnrol } from './totp.js';

export default function Account({ user, setUser }) {
  const blank = { current_password: '', new_password: '' };
  const f = useForm({
    form: null,
    initial: blank,
    required: ['current_password', 'new_password'],
    submit: async (v) => {
      await put('/session/password', { current_password: v.current_password, new_password: v.new_password });
      f.reset(blank);
    },
  });
  f.id = 'account';
  return html`<div>
    <h1>${t('account.title')}</h1>
    <dl class="details">
      <div><dt>${t('users.login')}</dt><dd>${user.login}</dd></div>
      <div><dt>${t('users.display_name')}</dt><dd>${user.display_name}</dd></div>
      <div><dt>${t('users.role')}</dt><dd>${label('role', user.role)}</dd></div>
    </dl>
    <section class="panel" aria-labelledby="h-pw">
      <h2 id="h-pw">${t('account.change_password')}</h2>
      <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
        <${FormStatus} f=${f} savedText=${t('account.password_changed')} />
        <div class="grid">
          <${Input} f=${f} name="current_password" label=${t('account.current_password')} type="password" required autocomplete="current-password" />
          <${Input} f=${f} name="new_password" label=${t('account.new_password')} type="password" required autocomplete="new-password" hint=${t('users.password_hint')} />
        </div>
        <div class="actions"><button type="submit" disabled=${f.busy}>${t('account.change_password')}</button></div>
      </form>
    </section>
    <section class="panel" aria-labelledby="h-totp">
      <h2 id="h-totp">${t('totp.title')}</h2>
      ${user.totp_enabled ? html`<p>${t('totp.on')}</p>` : html`<${TotpEnrol} onDone=${(u) => setUser && setUser(u)} />`}
    </section>
  </div>`;
}
