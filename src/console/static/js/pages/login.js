// Sign-in: the user pastes the credential they were given; the server puts it in an HttpOnly cookie.
import { api } from '../api.js';
import { field, h } from '../dom.js';
import { t } from '../i18n.js';
import { announceSignedIn } from '../state.js';

export async function loginPage(view) {
  const input = h('input', { type: 'password', name: 'credential', autocomplete: 'off', spellcheck: 'false', required: true });
  const message = h('p', { class: 'error-text', role: 'alert' });
  const submit = h('button', { type: 'submit' }, t('login.submit'));
  const form = h('form', { class: 'login stack', novalidate: true },
    h('h1', {}, t('login.title')),
    h('p', { class: 'muted' }, t('login.help')),
    field(t('login.credential'), input, t('login.hint')),
    message,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    if (!input.value.trim()) {
      message.textContent = t('login.empty');
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const session = await api.post('/v1/session', { credential: input.value.trim() });
      input.value = '';
      await announceSignedIn(session);
    } catch (error) {
      message.textContent = error.status === 401 || error.status === 400 ? t('login.invalid') : `${t('error.generic')}: ${error.message}`;
      submit.disabled = false;
      input.focus();
    }
  });
  view.append(form);
}
