// A platform's batches: state, progress, counts, and the row errors as a CSV download. Refreshes itself while
// any batch is still moving through the pipeline.
import { api, apiUrl } from '../api.js';
import { badge, h, table } from '../dom.js';
import { count, dateTime } from '../format.js';
import { label, t } from '../i18n.js';
import { role } from '../state.js';

const REFRESH_MS = 3000;

export async function batchesPage(view, ctx) {
  const section = h('section', { 'aria-live': 'polite', 'aria-busy': 'false' });
  view.append(h('h1', {}, role() === 'platform' ? t('batches.titleOwn') : t('batches.title')), h('p', { class: 'muted' }, t('batches.help')), section);
  let timer;
  ctx.onLeave(() => clearTimeout(timer));
  const refresh = async () => {
    const { batches } = await api.get('/v1/batches', { limit: 50 });
    if (!ctx.current()) return;
    section.replaceChildren(batchTable(batches), h('p', { class: 'small muted' }, t('batches.updated', { at: dateTime(new Date()) })));
    if (batches.some((b) => !['done', 'failed'].includes(b.state))) timer = setTimeout(() => refresh().catch(() => undefined), REFRESH_MS);
  };
  await refresh();
}

function batchTable(batches) {
  return table({
    caption: t('batches.caption'),
    columns: [
      { label: t('batches.created'), render: (b) => dateTime(b.createdAt) },
      { label: t('batches.kind'), render: (b) => `${label('kind', b.kind)} · ${b.format.toUpperCase()}` },
      { label: t('batches.platform'), render: (b) => b.platformCode ?? '—' },
      { label: t('batches.state'), render: (b) => badge(label('batchState', b.state), b.state === 'failed' ? 'status-confirmed' : b.state === 'done' ? 'band-auto' : 'band-review') },
      { label: t('batches.progress'), render: progress },
      { label: t('batches.rows'), num: true, render: (b) => count(b.counts.rows) },
      { label: t('batches.accepted'), num: true, render: (b) => count(b.counts.accepted) },
      { label: t('batches.rejected'), num: true, render: (b) => count(b.counts.rejected) },
      { label: t('batches.warned'), num: true, render: (b) => count(b.counts.warned) },
      { label: t('batches.errors'), render: errorsLink },
    ],
    rows: batches,
    empty: t('batches.empty'),
  });
}

function progress(b) {
  const percent = Math.round(b.progress.fraction * 100);
  return h('span', {}, h('progress', { max: 100, value: percent, 'aria-label': t('batches.progressOf', { kind: label('kind', b.kind) }) }, `${percent} %`), ` ${percent} %`,
    b.errorCode ? h('div', { class: 'small error-text' }, `${b.errorCode}: ${b.errorMessage ?? ''}`) : null);
}

/** Rejected or flagged rows: the platform downloads them (the session cookie authenticates the plain link). */
function errorsLink(b) {
  if ((b.counts.rejected ?? 0) + (b.counts.warned ?? 0) === 0) return h('span', { class: 'muted' }, t('batches.noErrors'));
  return h('a', { href: apiUrl(b.errorsUrl, { format: 'csv' }), download: `batch-${b.id}-errors.csv`, 'data-batch': b.id },
    t('batches.download', { n: (b.counts.rejected ?? 0) + (b.counts.warned ?? 0) }));
}
