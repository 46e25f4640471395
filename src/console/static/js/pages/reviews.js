// Link review: each `review`-band link as the platform's record beside the registry's, with the score's reasons;
// confirm, reject or "unsure" one at a time, or several at once.
import { api } from '../api.js';
import { badge, field, h, select } from '../dom.js';
import { date, money, score } from '../format.js';
import { label, t } from '../i18n.js';
import { errorText, notice } from '../notice.js';
import { navigate } from '../router.js';
import { isOfficer } from '../state.js';
import { explanationChart, explanationFields } from './case-charts.js';
import { loadFacets, provinceName } from './facets.js';

/** Rows of the side-by-side view and the explanation field each one is compared under. */
/** Levels that are full agreement; any other level but `different` is partial (a typo, a near ID, same street…). */
const AGREE = ['exact', 'house_street'];

const ROWS = [
  ['name', 'name'], ['shopName', null], ['taxCode', 'id'], ['nationalIdMasked', 'id'], ['phoneMasked', 'phone'], ['email', 'email'],
  ['address', 'address'], ['province', 'address'], ['dateOfBirth', 'dob'], ['category', null],
];

export async function reviewsPage(view, ctx) {
  const platform = ctx.query.get('platform') ?? '';
  const facets = await loadFacets();
  const page = await api.get('/v1/link-reviews', { platform: platform || undefined, limit: 10, cursor: ctx.query.get('cursor') ?? undefined });
  const pairs = await Promise.all(page.items.map((item) => api.get(`/v1/console/link-pairs/${item.sellerId}`, { taxpayerId: item.taxpayerId ?? undefined })));
  if (!ctx.current()) return;
  const chooser = select([['', t('filter.any')], ...facets.platforms.map((p) => [p.code, p.name])], platform, { name: 'platform' });
  chooser.addEventListener('change', () => navigate(`/console/reviews${chooser.value ? `?platform=${chooser.value}` : ''}`));
  view.append(h('h1', {}, t('reviews.title')), h('div', { class: 'filters' }, field(t('filter.platform'), chooser)));
  if (page.items.length === 0) return view.append(h('p', { class: 'muted' }, t('reviews.empty')));
  const checks = new Map();
  if (isOfficer()) view.append(bulkBar(checks, ctx));
  page.items.forEach((item, i) => view.append(reviewItem(item, pairs[i], checks, ctx, i, facets)));
  if (page.nextCursor) view.append(h('p', {}, h('a', { href: `/console/reviews?${new URLSearchParams({ ...(platform ? { platform } : {}), cursor: page.nextCursor })}` }, t('paging.next'))));
}

function reviewItem(item, pair, checks, ctx, index, facets) {
  const titleId = `review-${item.sellerId}`;
  const box = h('article', { class: 'review-item', 'aria-labelledby': titleId });
  const head = h('header', {});
  if (isOfficer()) {
    const check = h('input', { type: 'checkbox', id: `pick-${item.sellerId}` });
    checks.set(item.sellerId, { check, item });
    head.append(h('span', {}, check, h('label', { for: check.id, class: 'visually-hidden' }, t('reviews.pick', { name: item.shopName ?? item.sellerRef }))));
  }
  head.append(h('h2', { id: titleId }, `${item.platform} · ${item.sellerRef} — ${item.shopName ?? item.sellerName ?? ''}`),
    badge(`${t('case.score')} ${score(item.score)}`, 'band-review'),
    item.waitingCaseEstimate ? badge(`${t('reviews.waiting')} ${money(item.waitingCaseEstimate)}`, 'status-confirmed') : '',
    item.unsureMarks ? badge(t('reviews.unsure', { n: item.unsureMarks }), 'band-none') : '');
  box.append(head, h('div', { class: 'grid-2' }, sideBySide(pair, facets), explanationChart(pair.link, ctx, `r${index}`)));
  if (isOfficer()) box.append(decisionBar(item, ctx));
  return box;
}

function sideBySide(pair, facets) {
  const fields = Object.fromEntries(explanationFields(pair.link?.explanation).map((f) => [f.name, f]));
  const value = (side, key) => shown(key, side?.[key], facets);
  return h('table', { class: 'pair-table' },
    h('caption', {}, t('reviews.compare')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('reviews.field')), h('th', { scope: 'col' }, t('reviews.platformRecord')), h('th', { scope: 'col' }, t('reviews.registryRecord')))),
    h('tbody', {}, ROWS.map(([key, compared]) => {
      const level = compared ? fields[compared]?.level : undefined;
      const tone = !level || level === 'missing' ? undefined : level === 'different' ? 'differ' : AGREE.includes(level) ? 'agree' : 'partial';
      return h('tr', {}, h('th', { scope: 'row' }, label('pair', key)), h('td', { class: tone }, value(pair.seller, key)), h('td', { class: tone }, value(pair.taxpayer, key)));
    })));
}

/** Codes as words: the province's name, the category's label, a date as officers write it. */
function shown(key, raw, facets) {
  if (raw === null || raw === undefined || raw === '') return '—';
  if (key === 'province') return provinceName(facets, raw);
  if (key === 'category') return label('category', raw);
  if (key === 'dateOfBirth') return date(raw);
  return raw;
}

function decisionBar(item, ctx) {
  const reason = h('input', { name: 'reason', maxlength: 2000, size: 36 });
  const act = (decision) => async () => {
    try {
      await decide(item, decision, reason.value.trim());
      notice(t('reviews.decided', { decision: label('decision', decision) }));
      if (ctx.current()) navigate(location.pathname + location.search, { replace: true });
    } catch (error) {
      notice(errorText(error), 'error');
    }
  };
  return h('div', { class: 'row' }, field(t('reviews.reason'), reason),
    h('button', { type: 'button', class: 'good', onClick: act('confirm') }, t('decision.confirm')),
    h('button', { type: 'button', class: 'danger', onClick: act('reject') }, t('decision.reject')),
    h('button', { type: 'button', class: 'secondary', onClick: act('unsure') }, t('decision.unsure')));
}

function decide(item, decision, reason) {
  return api.post(`/v1/link-reviews/${item.sellerId}/decisions`, { decision, taxpayerId: item.taxpayerId ?? undefined, reason: reason || undefined });
}

/** Bulk: the same decision for every ticked link, one request each, with a tally at the end. */
function bulkBar(checks, ctx) {
  const all = h('input', { type: 'checkbox', id: 'pick-all' });
  all.addEventListener('change', () => { for (const { check } of checks.values()) check.checked = all.checked; });
  const run = (decision) => async () => {
    const picked = [...checks.values()].filter(({ check }) => check.checked);
    if (picked.length === 0) return notice(t('reviews.noneTicked'), 'error');
    let ok = 0;
    const failed = [];
    for (const { item } of picked) {
      try { await decide(item, decision); ok += 1; } catch (error) { failed.push(`${item.sellerRef}: ${errorText(error)}`); }
    }
    notice(t('reviews.bulkDone', { ok, failed: failed.length }) + (failed.length ? ` — ${failed.join('; ')}` : ''), failed.length ? 'error' : 'ok');
    if (ctx.current()) navigate(location.pathname + location.search, { replace: true });
  };
  return h('div', { class: 'filters', role: 'group', 'aria-label': t('reviews.bulk') },
    h('span', {}, all, ' ', h('label', { for: 'pick-all' }, t('reviews.pickAll'))),
    h('button', { type: 'button', class: 'good', onClick: run('confirm') }, t('reviews.bulkConfirm')),
    h('button', { type: 'button', class: 'danger', onClick: run('reject') }, t('reviews.bulkReject')),
    h('button', { type: 'button', class: 'secondary', onClick: run('unsure') }, t('reviews.bulkUnsure')));
}
