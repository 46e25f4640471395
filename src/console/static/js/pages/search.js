// Seller search by tax code, national ID, phone, seller reference or name. The query is not put in the URL:
// it may be a national ID or a phone number, and URLs end up in browser history.
import { api } from '../api.js';
import { badge, field, h, select, table } from '../dom.js';
import { money, score } from '../format.js';
import { label, t } from '../i18n.js';
import { errorText } from '../notice.js';
import { loadFacets } from './facets.js';

export async function searchPage(view, ctx) {
  const facets = await loadFacets();
  const q = h('input', { type: 'search', name: 'q', size: 40, minlength: 2, maxlength: 100, autocomplete: 'off', required: true });
  const platform = select([['', t('filter.any')], ...facets.platforms.map((p) => [p.code, p.name])], '', { name: 'platform' });
  const results = h('section', { 'aria-live': 'polite', 'aria-labelledby': 'search-results' }, h('h2', { id: 'search-results' }, t('search.results')));
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('search.query'), q, t('search.hint')), field(t('filter.platform'), platform), h('button', { type: 'submit' }, t('search.submit')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    results.replaceChildren(results.firstChild, h('p', { class: 'muted' }, t('search.searching')));
    try {
      const found = await api.get('/v1/console/seller-search', { q: q.value.trim(), platform: platform.value || undefined });
      if (!ctx.current()) return;
      results.replaceChildren(results.firstChild, resultTable(found));
    } catch (error) {
      results.replaceChildren(results.firstChild, h('p', { class: 'error-text', role: 'alert' }, errorText(error)));
    }
  });
  view.append(h('h1', {}, t('search.title')), form, results);
  q.focus();
}

function resultTable(found) {
  return h('div', {},
    h('p', { class: 'small muted' }, found.matchedAs ? t('search.matchedAs', { kind: label('searchKind', found.matchedAs), n: found.items.length }) : t('search.none')),
    table({
      columns: [
        { label: t('shop.platform'), render: (s) => s.platformName },
        { label: t('shop.ref'), render: (s) => s.sellerRef },
        { label: t('shop.shopName'), render: (s) => s.shopName ?? '—' },
        { label: t('shop.sellerName'), render: (s) => s.sellerName ?? '—' },
        { label: t('shop.taxCode'), render: (s) => s.taxCode ?? '—' },
        { label: t('shop.phone'), render: (s) => s.phoneMasked ?? '—' },
        { label: t('shop.link'), render: (s) => [badge(label('band', s.band), `band-${s.band}`), ' ', score(s.score)] },
        { label: t('case.taxpayer'), render: (s) => (s.taxpayerName ? `${s.taxpayerName} (${s.taxpayerTaxCode ?? '—'})` : '—') },
        { label: t('search.cases'), render: (s) => s.cases.map((c) => h('div', {}, h('a', { href: `/console/cases/${c.id}` }, `${c.taxYear} · ${label('status', c.status)} · ${money(c.estimatedTaxAtRisk)}`))) },
        { label: t('search.history'), render: (s) => h('a', { href: `/console/history?seller=${s.sellerId}` }, t('search.historyLink', { ref: s.sellerRef })) },
      ],
      rows: found.items,
      empty: t('search.none'),
    }));
}
