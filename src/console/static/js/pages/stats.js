// Self-declaration at a glance: how the shares of sellers who register and declare on their own move quarter by
// quarter, and where (province, platform, category) they are high or low; cohorts by quarter first seen.
import { api, apiUrl } from '../api.js';
import { chartCanvas, drawChart, SERIES } from '../charts.js';
import { field, h, kpi, select, table } from '../dom.js';
import { count, dateTime, money, rate } from '../format.js';
import { label, t } from '../i18n.js';
import { navigate } from '../router.js';

const TREND_RATES = ['selfDeclaration', 'fullySelfDeclared', 'linked', 'registeredBeforeFirstSeen', 'newlyRegistered'];
const DIMENSIONS = ['province', 'platform', 'category'];

export async function statsPage(view, ctx) {
  const kind = ctx.query.get('periodKind') === 'year' ? 'year' : 'quarter';
  const dim = DIMENSIONS.includes(ctx.query.get('groupBy')) ? ctx.query.get('groupBy') : 'province';
  const trend = await api.get('/v1/stats/self-declaration', { periodKind: kind });
  const periods = [...new Set(trend.rows.map((r) => r.period))].sort();
  const period = periods.includes(ctx.query.get('period')) ? ctx.query.get('period') : periods[periods.length - 1];
  const [breakdown, cohorts] = await Promise.all([
    period ? api.get('/v1/stats/self-declaration', { groupBy: dim, period }) : { rows: [] },
    api.get('/v1/stats/cohorts'),
  ]);
  if (!ctx.current()) return;
  view.append(h('h1', {}, t('stats.title')),
    h('p', { class: 'small muted' }, t('stats.refreshed', { at: dateTime(trend.meta.refreshedAt), rule: trend.meta.ruleVersion ?? '—' }), ' · ',
      h('a', { href: apiUrl('/v1/stats/self-declaration', { periodKind: kind, groupBy: dim, format: 'csv' }), download: 'self-declaration.csv' }, t('stats.csv'))),
    controls({ kind, dim, period, periods }));
  if (periods.length === 0) return view.append(h('p', { class: 'muted' }, t('stats.empty')));
  const latest = trend.rows.find((r) => r.period === period);
  if (latest) view.append(h('div', { class: 'kpis' }, kpi(t('stats.sellers'), count(latest.counts.sellers)),
    kpi(label('rate', 'selfDeclaration'), rate(latest.rates.selfDeclaration)), kpi(label('rate', 'fullySelfDeclared'), rate(latest.rates.fullySelfDeclared)),
    kpi(t('stats.newlyRegistered'), count(latest.counts.newlyRegistered)), kpi(label('rate', 'taxCoverage'), rate(latest.rates.taxCoverage))));
  const breakdownParts = breakdownSection(breakdown.rows, dim, period, ctx);
  view.append(h('div', { class: 'grid-2' }, trendSection(trend.rows, ctx), breakdownParts.chart), breakdownParts.table, cohortSection(cohorts.rows));
}

function controls({ kind, dim, period, periods }) {
  const kindSel = select([['quarter', t('stats.quarters')], ['year', t('stats.years')]], kind, { name: 'periodKind' });
  const dimSel = select(DIMENSIONS.map((d) => [d, label('dim', d)]), dim, { name: 'groupBy' });
  const periodSel = select(periods.map((p) => [p, p]), period, { name: 'period' });
  const form = h('form', { class: 'filters' }, field(t('stats.periodKind'), kindSel), field(t('stats.groupBy'), dimSel), field(t('stats.period'), periodSel),
    h('button', { type: 'submit' }, t('filter.apply')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const changedKind = kindSel.value !== kind;
    navigate(`/console/stats?${new URLSearchParams({ periodKind: kindSel.value, groupBy: dimSel.value, ...(changedKind ? {} : { period: periodSel.value }) })}`);
  });
  return form;
}

function trendSection(rows, ctx) {
  const sorted = [...rows].sort((a, b) => a.period.localeCompare(b.period));
  const { box, canvas } = chartCanvas(t('stats.trendAlt'));
  canvas.id = 'trend-chart';
  drawChart(canvas, {
    type: 'line',
    data: { labels: sorted.map((r) => r.period), datasets: TREND_RATES.map((k, i) => ({ label: label('rate', k), data: sorted.map((r) => (r.rates[k] === null ? null : Number(r.rates[k]) * 100)), borderColor: SERIES[i], backgroundColor: SERIES[i], tension: 0.2 })) },
    options: { scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` } } } },
  }, ctx);
  return h('section', { class: 'card', 'aria-labelledby': 'trend-title' }, h('h2', { id: 'trend-title' }, t('stats.trend')), box,
    h('details', {}, h('summary', {}, t('chart.asTable')), table({
      columns: [{ label: t('stats.period'), render: (r) => r.period }, { label: t('stats.sellers'), num: true, render: (r) => count(r.counts.sellers) },
        ...TREND_RATES.map((k) => ({ label: label('rate', k), num: true, render: (r) => rate(r.rates[k]) }))],
      rows: sorted,
    })));
}

function breakdownSection(rows, dim, period, ctx) {
  const name = (r) => (dim === 'province' ? r.province?.name ?? r.province?.code : dim === 'platform' ? r.platform?.name ?? '—' : label('category', r.category));
  const sorted = [...rows].sort((a, b) => Number(b.counts.sellers) - Number(a.counts.sellers));
  const top = sorted.slice(0, 20);
  const { box, canvas } = chartCanvas(t('stats.breakdownAlt', { dim: label('dim', dim), period }));
  canvas.id = 'breakdown-chart';
  drawChart(canvas, {
    type: 'bar',
    data: { labels: top.map(name), datasets: ['selfDeclaration', 'fullySelfDeclared'].map((k, i) => ({ label: label('rate', k), data: top.map((r) => (r.rates[k] === null ? null : Number(r.rates[k]) * 100)), backgroundColor: SERIES[i] })) },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` } } } },
  }, ctx);
  return {
    chart: h('section', { class: 'card', 'aria-labelledby': 'breakdown-title' }, h('h2', { id: 'breakdown-title' }, t('stats.breakdown', { dim: label('dim', dim), period })), box),
    table: table({
      caption: t('stats.breakdown', { dim: label('dim', dim), period }),
      columns: [
        { label: label('dim', dim), render: name },
        { label: t('stats.sellers'), num: true, render: (r) => count(r.counts.sellers) },
        { label: label('rate', 'selfDeclaration'), num: true, render: (r) => rate(r.rates.selfDeclaration) },
        { label: label('rate', 'fullySelfDeclared'), num: true, render: (r) => rate(r.rates.fullySelfDeclared) },
        { label: t('chart.platform'), num: true, render: (r) => money(r.amounts.platformRevenue) },
        { label: t('stats.taxPaid'), num: true, render: (r) => money(r.amounts.taxDeclaredAndWithheld) },
        { label: t('stats.estimatedDue'), num: true, render: (r) => money(r.amounts.estimatedDue) },
      ],
      rows: sorted,
      empty: t('stats.empty'),
    }),
  };
}

function cohortSection(rows) {
  const cell = (group, key) => (r) => `${count(r[group][key]?.count)} (${rate(r[group][key]?.rate)})`;
  return h('section', { 'aria-labelledby': 'cohort-title' }, h('h2', { id: 'cohort-title' }, t('stats.cohorts')), table({
    columns: [
      { label: t('stats.cohort'), render: (r) => r.cohort },
      { label: t('stats.sellers'), num: true, render: (r) => count(r.sellers) },
      ...['within1Q', 'within2Q', 'within4Q'].map((k) => ({ label: t('stats.registeredWithin', { k: k.slice(6) }), num: true, render: cell('registered', k) })),
      ...['within1Q', 'within2Q', 'within4Q'].map((k) => ({ label: t('stats.declaringWithin', { k: k.slice(6) }), num: true, render: cell('declaring', k) })),
    ],
    rows: [...rows].sort((a, b) => a.cohort.localeCompare(b.cohort)),
    empty: t('stats.empty'),
  }));
}
