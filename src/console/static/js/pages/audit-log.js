// The audit log (newest first) with its filters, and the hash-chain check that names the first broken link.
import { api } from '../api.js';
import { badge, field, h, select, table } from '../dom.js';
import { dateTime, vietnamLocalToIso } from '../format.js';
import { label, t } from '../i18n.js';
import { errorText, notice } from '../notice.js';
import { navigate } from '../router.js';

const ACTIONS = ['write.attempted', 'write.completed', 'personal_data.read', 'credential.issued'];
const SUBJECTS = ['case', 'taxpayer', 'platform_seller', 'seller_entity', 'batch', 'credential'];

export async function auditLogPage(view, ctx) {
  const q = Object.fromEntries(['action', 'subjectType', 'subjectId', 'from', 'to', 'cursor'].map((k) => [k, ctx.query.get(k) ?? '']));
  view.append(h('h1', {}, t('audit.title')), verifyBox(), filterForm(q));
  const page = await api.get('/v1/audit/log', {
    action: q.action || undefined, subjectType: q.subjectType || undefined, subjectId: (q.subjectType && q.subjectId) || undefined,
    from: vietnamLocalToIso(q.from), to: vietnamLocalToIso(q.to), cursor: q.cursor || undefined, limit: 50,
  });
  if (!ctx.current()) return;
  view.append(table({
    caption: t('audit.caption'),
    columns: [
      { label: '#', num: true, render: (e) => e.id },
      { label: t('audit.at'), render: (e) => dateTime(e.occurredAt) },
      { label: t('audit.action'), render: (e) => label('auditAction', e.action) },
      { label: t('audit.actor'), render: (e) => `${e.actor.name ?? '—'} (${label('role', e.actor.role)})` },
      { label: t('audit.route'), render: (e) => `${e.httpMethod ?? ''} ${e.route ?? ''}` },
      { label: t('audit.subject'), render: (e) => (e.subjectType ? `${label('subject', e.subjectType)} ${e.subjectId}` : '') },
      { label: t('audit.status'), render: (e) => e.status ?? '' },
      { label: t('audit.purpose'), render: (e) => (e.purpose ? label('purpose', e.purpose) : '') },
      { label: t('audit.hash'), render: (e) => h('code', { title: e.rowHash }, e.rowHash.slice(0, 12)) },
    ],
    // Chain order is id order; sorted here as numbers whatever order the page arrives in.
    rows: [...page.entries].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1)),
    empty: t('audit.empty'),
  }));
  if (page.nextCursor) view.append(h('p', {}, h('a', { href: `/console/audit?${new URLSearchParams({ ...strip(q), cursor: page.nextCursor })}` }, t('paging.older'))));
}

function strip(q) {
  return Object.fromEntries(Object.entries(q).filter(([k, v]) => v && k !== 'cursor'));
}

function filterForm(q) {
  const controls = {
    action: select([['', t('filter.any')], ...ACTIONS.map((a) => [a, label('auditAction', a)])], q.action, { name: 'action' }),
    subjectType: select([['', t('filter.any')], ...SUBJECTS.map((s) => [s, label('subject', s)])], q.subjectType, { name: 'subjectType' }),
    subjectId: h('input', { name: 'subjectId', size: 38, value: q.subjectId }),
    from: h('input', { type: 'datetime-local', name: 'from', value: q.from }),
    to: h('input', { type: 'datetime-local', name: 'to', value: q.to }),
  };
  const form = h('form', { class: 'filters', role: 'search' }, Object.entries(controls).map(([k, c]) => field(t(`audit.filter.${k}`), c)),
    h('button', { type: 'submit' }, t('filter.apply')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams(Object.entries(controls).filter(([, c]) => c.value).map(([k, c]) => [k, c.value]));
    navigate(`/console/audit${params.size ? `?${params}` : ''}`);
  });
  return form;
}

/** Recomputes the whole chain on the server; the answer names the first broken link, if any. */
function verifyBox() {
  const result = h('div', { 'aria-live': 'polite', id: 'verify-result' });
  const button = h('button', { type: 'button', onClick: async () => {
    button.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, t('audit.verifying')));
    try {
      const v = await api.get('/v1/audit/verify');
      result.replaceChildren(v.ok
        ? h('p', {}, badge(t('audit.chainOk'), 'band-auto'), ' ', t('audit.chainOkDetail', { n: v.checkedRows, id: v.lastId, hash: v.lastHash.slice(0, 16), ms: v.durationMs }))
        : h('p', { role: 'alert' }, badge(t('audit.chainBroken'), 'status-confirmed'), ' ',
          t('audit.chainBrokenDetail', { id: v.firstBrokenLink.id, problem: v.firstBrokenLink.problem, previous: v.firstBrokenLink.previousId ?? '—' })));
    } catch (error) {
      notice(errorText(error), 'error');
      result.replaceChildren();
    }
    button.disabled = false;
  } }, t('audit.verify'));
  return h('section', { class: 'card', 'aria-labelledby': 'verify-title' }, h('h2', { id: 'verify-title' }, t('audit.chain')), h('p', { class: 'muted small' }, t('audit.chainHelp')), button, result);
}
