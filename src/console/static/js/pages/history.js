// The auditor's view of one case as of an instant: what had happened to it, which shops made up the seller and
// how each was linked then (identity resolution's append-only history), and who touched its data.
import { api } from '../api.js';
import { badge, field, h, table } from '../dom.js';
import { dateTime, score, vietnamLocalToIso, vietnamNowLocal } from '../format.js';
import { label, t } from '../i18n.js';
import { navigate } from '../router.js';
import { timeline } from './timeline.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function historyPage(view, ctx) {
  const caseId = ctx.query.get('case') ?? '';
  const sellerId = ctx.query.get('seller') ?? '';
  const asOfLocal = ctx.query.get('asOf') ?? '';
  view.append(h('h1', {}, t('history.title')), form(caseId, sellerId, asOfLocal));
  const asOfIso = vietnamLocalToIso(asOfLocal);
  if (!UUID.test(caseId) && /^[0-9]{1,18}$/.test(sellerId)) return sellerView(view, ctx, sellerId, asOfIso);
  if (!UUID.test(caseId)) return view.append(h('p', { class: 'muted' }, t('history.pick'), ' ', h('a', { href: '/console/cases' }, t('nav.queue'))));
  const asOf = asOfIso ? new Date(asOfIso) : null;
  const [evidence, { events }, audit] = await Promise.all([
    api.get(`/v1/cases/${caseId}`),
    api.get(`/v1/cases/${caseId}/events`),
    api.get('/v1/audit/log', { subjectType: 'case', subjectId: caseId, to: asOfIso, limit: 100 }).catch((error) => ({ error })),
  ]);
  const entity = await api.get(`/v1/history/entities/${evidence.case.entityId}`, { asOf: asOfIso });
  const sellers = await Promise.all(entity.members.map((m) => api.get(`/v1/history/sellers/${m.sellerId}`, { asOf: asOfIso })));
  if (!ctx.current()) return;
  view.append(
    h('p', {}, h('a', { href: `/console/cases/${caseId}` }, t('history.toCase', { year: evidence.case.taxYear })), ' · ',
      asOf ? t('history.asOfShown', { at: dateTime(asOf) }) : t('history.now')),
    h('div', { class: 'grid-2' },
      h('section', { 'aria-labelledby': 'h-events' }, h('h2', { id: 'h-events' }, t('history.caseEvents')), timeline(events, asOf)),
      h('section', { 'aria-labelledby': 'h-entity' }, h('h2', { id: 'h-entity' }, t('history.entity')), entityTable(entity))),
    h('section', { 'aria-labelledby': 'h-links' }, h('h2', { id: 'h-links' }, t('history.links')), ...sellers.map(sellerHistory)),
    h('section', { 'aria-labelledby': 'h-audit' }, h('h2', { id: 'h-audit' }, t('history.audit')), auditTable(audit)));
}

/** One platform seller as known at the instant: its link then, its entity's members then, every belief up to then. */
async function sellerView(view, ctx, sellerId, asOfIso) {
  const seller = await api.get(`/v1/history/sellers/${sellerId}`, { asOf: asOfIso });
  const entity = seller.entity ? await api.get(`/v1/history/entities/${seller.entity.entityId}`, { asOf: asOfIso }) : null;
  if (!ctx.current()) return;
  view.append(
    h('p', {}, asOfIso ? t('history.asOfShown', { at: dateTime(asOfIso) }) : t('history.now')),
    h('section', { 'aria-labelledby': 'h-links' }, h('h2', { id: 'h-links' }, t('history.links')), sellerHistory(seller)),
    h('section', { 'aria-labelledby': 'h-entity' }, h('h2', { id: 'h-entity' }, t('history.entity')), entity ? entityTable(entity) : h('p', { class: 'muted' }, t('history.noMembers'))));
}

function form(caseId, sellerId, asOfLocal) {
  const caseInput = h('input', { name: 'case', size: 38, value: caseId, pattern: UUID.source.slice(1, -1), autocomplete: 'off' });
  const sellerInput = h('input', { name: 'seller', size: 12, value: sellerId, inputmode: 'numeric', autocomplete: 'off' });
  const asOf = h('input', { type: 'datetime-local', name: 'asOf', value: asOfLocal, step: 1 });
  // novalidate: an instant may carry milliseconds (auditors compare with recorded times), finer than the field's step.
  const f = h('form', { class: 'filters', novalidate: true }, field(t('history.case'), caseInput), field(t('history.seller'), sellerInput),
    field(t('history.asOf'), asOf, t('history.asOfHint')),
    h('button', { type: 'submit' }, t('history.show')),
    h('button', { type: 'button', class: 'secondary', onClick: () => { asOf.value = vietnamNowLocal(); } }, t('history.nowButton')));
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    const which = caseInput.value.trim() ? { case: caseInput.value.trim() } : { seller: sellerInput.value.trim() };
    navigate(`/console/history?${new URLSearchParams({ ...which, ...(asOf.value ? { asOf: asOf.value } : {}) })}`);
  });
  return f;
}

function entityTable(entity) {
  return h('div', {},
    h('p', {}, entity.link ? [t('history.entityLink'), ' ', badge(label('band', entity.link.band), `band-${entity.link.band}`), ' ', score(entity.link.score), ` · ${t('case.taxpayer')} #${entity.link.taxpayerId}`] : t('case.noLink')),
    table({
      columns: [
        { label: t('shop.platform'), render: (m) => m.platform },
        { label: t('shop.ref'), render: (m) => m.sellerRef },
        { label: t('history.memberSince'), render: (m) => dateTime(m.memberSince) },
        { label: t('shop.link'), render: (m) => [badge(label('band', m.band), `band-${m.band}`), ' ', score(m.score)] },
        { label: t('history.decidedBy'), render: (m) => label('decidedBy', m.decidedBy) },
      ],
      rows: entity.members,
      empty: t('history.noMembers'),
    }));
}

function sellerHistory(seller) {
  return h('div', { class: 'card' }, h('h3', {}, `${seller.platform} · ${seller.sellerRef}`), table({
    columns: [
      { label: t('history.recordedAt'), render: (r) => dateTime(r.recordedAt) },
      { label: t('shop.link'), render: (r) => badge(label('band', r.band), `band-${r.band}`) },
      { label: t('case.score'), num: true, render: (r) => score(r.score) },
      { label: t('case.taxpayer'), render: (r) => (r.taxpayerId ? `#${r.taxpayerId}` : '—') },
      { label: t('history.decidedBy'), render: (r) => label('decidedBy', r.decidedBy) },
      { label: t('history.model'), render: (r) => `${r.modelVersion ?? '—'} / ${r.ruleVersion ?? '—'}` },
    ],
    rows: seller.history ?? [],
    empty: t('history.noLinks'),
  }));
}

function auditTable(audit) {
  if (audit.error) return h('p', { class: 'muted' }, t('history.auditForbidden'));
  return table({
    caption: t('history.auditCaption'),
    columns: [
      { label: t('audit.at'), render: (e) => dateTime(e.occurredAt) },
      { label: t('audit.action'), render: (e) => label('auditAction', e.action) },
      { label: t('audit.actor'), render: (e) => `${e.actor.name ?? '—'} (${label('role', e.actor.role)})` },
      { label: t('audit.route'), render: (e) => `${e.httpMethod ?? ''} ${e.route ?? ''}` },
      { label: t('audit.status'), render: (e) => e.status ?? '' },
      { label: t('audit.purpose'), render: (e) => (e.purpose ? label('purpose', e.purpose) : '') },
    ],
    rows: audit.entries,
    empty: t('history.noAudit'),
  });
}
