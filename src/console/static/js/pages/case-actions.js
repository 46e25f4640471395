// What an officer does to a case: move it (with a reason where the rules ask for one), write a note, and
// preview the notification letter. Nothing adverse happens without one of these explicit actions.
import { api, apiUrl } from '../api.js';
import { field, h, select } from '../dom.js';
import { label, t } from '../i18n.js';
import { errorText, notice } from '../notice.js';

/** Moves the case; `version` is the one the officer is looking at (a stale one is refused by the server). */
export function transitionForm(c, onDone) {
  if (!c.allowedTransitions?.length) return h('p', { class: 'muted' }, t('actions.final'));
  const to = select(c.allowedTransitions.map((s) => [s, label('status', s)]), c.allowedTransitions[0], { name: 'to' });
  const reason = h('textarea', { name: 'reason', maxlength: 2000, rows: 2 });
  const submit = h('button', { type: 'submit' }, t('actions.move'));
  const form = h('form', { class: 'stack', 'aria-label': t('actions.title') },
    field(t('actions.to'), to), field(t('actions.reason'), reason, t('actions.reasonHint')), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const result = await api.post(`/v1/cases/${c.id}/transitions`, { to: to.value, version: c.version, reason: reason.value.trim() || undefined });
      notice(t('actions.moved', { status: label('status', result.status ?? to.value) }));
      await onDone();
    } catch (error) {
      notice(errorText(error), 'error');
      submit.disabled = false;
      (error.code === 'CASE_REASON_REQUIRED' ? reason : to).focus();
    }
  });
  return form;
}

export function noteForm(caseId, onDone) {
  const text = h('textarea', { name: 'note', maxlength: 4000, rows: 3, required: true });
  const submit = h('button', { type: 'submit' }, t('notes.add'));
  const form = h('form', { class: 'stack', 'aria-label': t('notes.title') }, field(t('notes.new'), text), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return notice(t('notes.empty'), 'error');
    submit.disabled = true;
    try {
      await api.post(`/v1/cases/${caseId}/notes`, { text: text.value.trim() });
      notice(t('notes.added'));
      await onDone();
    } catch (error) {
      notice(errorText(error), 'error');
      submit.disabled = false;
    }
  });
  return form;
}

export function notesList(events) {
  const notes = events.filter((e) => e.event === 'note');
  if (notes.length === 0) return h('p', { class: 'muted' }, t('notes.none'));
  return h('ul', { class: 'stack', id: 'notes-list' }, notes.map((n) => h('li', {}, h('span', { class: 'small muted' }, `${n.actorName ?? n.detail?.actorName ?? ''}: `), n.detail?.text ?? '')));
}

/** The letter as the taxpayer would get it (a draft while confirmed), in a sandboxed frame, and as PDF. */
export function letterSection(c) {
  const section = h('section', { 'aria-labelledby': 'letter-title' }, h('h2', { id: 'letter-title' }, t('letter.title')));
  const available = c.status === 'confirmed' || Boolean(c.notification);
  if (!available) return append(section, h('p', { class: 'muted' }, t('letter.unavailable')));
  if (c.notification) section.append(h('p', {}, t('letter.sent', { on: c.notification.notifiedOn, due: c.notification.responseDue })));
  section.append(
    h('p', {}, h('a', { href: apiUrl(`/v1/cases/${c.id}/letter`, { format: 'pdf' }), target: '_blank', rel: 'noopener' }, t('letter.pdf'))),
    h('iframe', { class: 'letter-frame', title: t('letter.frame'), sandbox: '', src: apiUrl(`/v1/cases/${c.id}/letter`, { format: 'html' }) }));
  return section;
}

function append(section, child) {
  section.append(child);
  return section;
}
