// The case queue: filters, three sorts and keyset pages (the API never counts the whole table; neither do we).
import { api, apiUrl } from '../api.js';
import { badge, field, h, select, table } from '../dom.js';
import { money, score, date } from '../format.js';
import { label, t } from '../i18n.js';
import { navigate } from '../router.js';
import { loadFacets, platformName, provinceName } from './facets.js';

const FILTERS = ['status', 'signal', 'province', 'platform', 'taxYear', 'assignee', 'minEstimate', 'sort'];

export async function queuePage(view, ctx) {
  const query = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) ?? '']));
  const facets = await loadFacets();
  view.append(h('h1', {}, t('queue.title')), filterForm(query, facets));
  const results = h('section', { 'aria-labelledby': 'queue-results' }, h('h2', { id: 'queue-results' }, t('queue.results')));
  view.append(results);
  const pages = [ctx.query.get('cursor') || null];
  await showPage(results, query, pages, ctx, facets);
}

function filterForm(query, facets) {
  const controls = {
    status: select([['', t('filter.any')], ...facets.statuses.map((s) => [s, label('status', s)])], query.status, { name: 'status' }),
    signal: select([['', t('filter.any')], ...facets.signals.map((s) => [s, label('signal', s)])], query.signal, { name: 'signal' }),
    province: select([['', t('filter.any')], ...facets.provinces.map((p) => [p.code, `${p.code} · ${p.name}`])], query.province, { name: 'province' }),
    platform: select([['', t('filter.any')], ...facets.platforms.map((p) => [p.code, p.name])], query.platform, { name: 'platform' }),
    taxYear: h('input', { name: 'taxYear', inputmode: 'numeric', pattern: '[0-9]{4}', size: 6, value: query.taxYear }),
    assignee: select([['', t('filter.any')], ['me', t('filter.me')], ['none', t('filter.unassigned')]], query.assignee, { name: 'assignee' }),
    minEstimate: h('input', { name: 'minEstimate', inputmode: 'numeric', pattern: '[0-9]*', size: 14, value: query.minEstimate }),
    sort: select([['estimate', t('sort.estimate')], ['confidence', t('sort.confidence')], ['age', t('sort.age')]], query.sort || 'estimate', { name: 'sort' }),
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('queue.filters') },
    Object.entries(controls).map(([key, control]) => field(t(`filter.${key}`), control)),
    h('button', { type: 'submit' }, t('filter.apply')),
    h('button', { type: 'button', class: 'secondary', onClick: () => navigate('/console/cases') }, t('filter.reset')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, control] of Object.entries(controls)) if (control.value) params.set(key, control.value);
    navigate(`/console/cases${params.size ? `?${params}` : ''}`);
  });
  return form;
}

/** One page of the queue. `pages` holds the cursor of every page seen, so "previous" needs no count either. */
async function showPage(section, query, pages, ctx, facets) {
  const cursor = pages[pages.length - 1];
  const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v));
  const started = performance.now();
  const { items, nextCursor } = await api.get('/v1/cases', { ...filters, limit: 25, cursor: cursor ?? undefined });
  if (!ctx.current()) return;
  const body = h('div', {},
    table({
      caption: t('queue.caption', { n: pages.length }),
      columns: [
        { label: t('case.estimate'), num: true, render: (c) => h('a', { href: `/console/cases/${c.id}` }, money(c.estimatedTaxAtRisk)) },
        { label: t('case.taxYear'), render: (c) => c.taxYear },
        { label: t('case.status'), render: (c) => badge(label('status', c.status), `status-${c.status}`) },
        { label: t('case.signals'), render: (c) => c.signalCodes.map((s) => badge(label('signal', s), 'signal')) },
        { label: t('case.link'), render: (c) => [badge(label('band', c.linkBand), `band-${c.linkBand}`), c.linkBand === 'none' ? '' : score(c.linkConfidence)] },
        { label: t('case.province'), render: (c) => provinceName(facets, c.province) },
        { label: t('case.platforms'), render: (c) => c.platforms.map((p) => platformName(facets, p)).join(', ') },
        { label: t('case.waitingOn'), render: (c) => (c.waitingOn ? label('waiting', c.waitingOn) : '') },
        { label: t('case.opened'), render: (c) => date(c.openedAt) },
      ],
      rows: items,
      empty: t('queue.empty'),
    }),
    pager(section, query, pages, nextCursor, ctx, facets),
    h('p', { class: 'small muted' }, t('queue.timing', { ms: Math.round(performance.now() - started) }), ' · ',
      h('a', { href: apiUrl('/v1/cases/export', filters), download: 'cases.csv' }, t('queue.export'))));
  section.replaceChildren(section.firstChild, body);
}

function pager(section, query, pages, nextCursor, ctx, facets) {
  const go = (next) => async () => {
    await showPage(section, query, next, ctx, facets);
    section.querySelector('a')?.focus();
  };
  return h('nav', { class: 'pager', 'aria-label': t('paging.label') },
    h('button', { type: 'button', class: 'secondary', disabled: pages.length <= 1, onClick: go(pages.slice(0, -1)) }, t('paging.previous')),
    h('span', {}, t('paging.page', { n: pages.length })),
    h('button', { type: 'button', class: 'secondary', disabled: !nextCursor, onClick: go([...pages, nextCursor]) }, t('paging.next')));
}
