/*
 * Setting up two-factor login: the QR code (and the secret to type) for an
 * authenticator app, the first code that completes it, then the ten recovery
 * codes, shown this once.  Used from the account screen, and in place of the
 * whole interface when the server says the session must enrol first.
 */
import { html, useState } from '../vendor.js';
import { t } from '../i18n.js';
import { post, ApiError } from '../api.js';
import { useForm, Input, Alert, errorText } from '../ui.js';

export function TotpEnrol({ onDone }) {
  const [start, setStart] = useState(null); /* {secret, uri, qr_svg} */
  const [codes, setCodes] = useState(null);
  const [user, setUser] = useState(null);
  const [problem, setProblem] = useState(null);
  const f = useForm({
    form: null,
    initial: { totp: '' },
    required: ['totp'],
    secret: ['totp'],
    submit: async (v) => {
      const r = await post('/session/totp/confirm', { totp: v.totp.trim() });
      setCodes(r.recovery_codes);
      setUser(r.user);
    },
  });

  async function begin() {
    setProblem(null);
    try {
      setStart(await post('/session/totp'));
    } catch (e) {
      setProblem(e instanceof ApiError && e.status === 409 ? t('totp.already_on') : errorText(e));
    }
  }

  if (codes) {
    return html`<div class="totp-done">
      <${Alert} kind="info">${t('totp.enabled')}<//>
      <h3>${t('totp.recovery_title')}</h3>
      <p>${t('totp.recovery_help')}</p>
      <ul class="recovery-codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
      <div class="actions"><button type="button" onClick=${() => onDone(user)}>${t('totp.kept')}</button></div>
    </div>`;
  }
  if (!start) {
    return html`<div>
      ${problem ? html`<${Alert}>${problem}<//>` : null}
      <p>${t('totp.intro')}</p>
      <div class="actions"><button type="button" onClick=${begin}>${t('totp.start')}</button></div>
    </div>`;
  }
  const src = `data:image/svg+xml;base64,${btoa(start.qr_svg)}`;
  return html`<div class="totp-enrol">
    <ol>
      <li>${t('totp.step_scan')}
        <div><img class="totp-qr" src=${src} width="200" height="200" alt=${t('totp.qr_alt')} /></div>
        <p class="hint">${t('totp.step_type')} <code class="totp-secret">${start.secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
      </li>
      <li>${t('totp.step_code')}</li>
    </ol>
    <form ref=${f.ref} onSubmit=${f.onSubmit} novalidate class="form">
      ${f.formError ? html`<span class="field-error" role="alert">${f.formError}</span>` : null}
      <${Input} f=${f} name="totp" label=${t('login.code')} inputmode="numeric" autocomplete="one-time-code" maxlength="6" required />
      <div class="actions"><button type="submit" disabled=${f.busy}>${t('totp.confirm')}</button></div>
    </form>
  </div>`;
}

/* The whole interface of a session that must set up two-factor login first. */
export function TotpRequired({ session, onDone, logout }) {
  return html`<section class="login" aria-labelledby="totp-title">
    <h1 id="totp-title" tabindex="-1">${t('totp.title')}</h1>
    ${session.totp_reset ? html`<${Alert} kind="info">${t('totp.was_reset')}<//>` : null}
    <p>${t('totp.required')}</p>
    <${TotpEnrol} onDone=${onDone} />
    <p><button type="button" class="link" onClick=${logout}>${t('nav.logout')}</button></p>
  </section>`;
}
