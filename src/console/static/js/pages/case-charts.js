// The two pictures of a case: revenue per quarter as three sources saw it, and why the identity link holds.
import { chartCanvas, drawChart, PALETTE } from '../charts.js';
import { h, table } from '../dom.js';
import { money, moneyShort, score, toMillions } from '../format.js';
import { label, t } from '../i18n.js';

/** Platform revenue vs invoiced vs declared per quarter (reconciliation's entity × quarter figures). */
export function revenueChart(evidence, ctx) {
  const quarters = evidence.periods.filter((p) => p.kind === 'quarter').sort((a, b) => a.period.localeCompare(b.period));
  const series = [
    ['platformNet', t('chart.platform'), PALETTE.platform],
    ['invoicedRevenue', t('chart.invoiced'), PALETTE.invoiced],
    ['declaredRevenue', t('chart.declared'), PALETTE.declared],
    ['withheldRevenue', t('chart.withheld'), PALETTE.withheld],
  ];
  const section = h('section', { 'aria-labelledby': 'revenue-chart-title', class: 'card' }, h('h2', { id: 'revenue-chart-title' }, t('case.revenueChart')));
  if (quarters.length === 0) return append(section, h('p', { class: 'muted' }, t('case.noFigures')));
  const { box, canvas } = chartCanvas(t('case.revenueChartAlt', { n: quarters.length }));
  canvas.id = 'revenue-chart';
  section.append(box, h('details', {}, h('summary', {}, t('chart.asTable')), table({
    columns: [{ label: t('case.quarter'), render: (q) => q.period }, ...series.map(([key, name]) => ({ label: name, num: true, render: (q) => money(q[key]) }))],
    rows: quarters,
  })));
  drawChart(canvas, {
    type: 'bar',
    data: {
      labels: quarters.map((q) => q.period),
      datasets: series.map(([key, name, color]) => ({ label: name, data: quarters.map((q) => toMillions(q[key])), backgroundColor: color })),
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => moneyShort(v * 1e6) } } },
      plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${money(quarters[item.dataIndex][series[item.datasetIndex][0]])}` } } },
    },
  }, ctx);
  return section;
}

/** Each compared field's contribution (log₂ Bayes factor) to the link's score, strongest first. */
export function explanationChart(link, ctx, idSuffix = 'main') {
  const section = h('section', { 'aria-labelledby': `explain-${idSuffix}`, class: 'card' }, h('h2', { id: `explain-${idSuffix}` }, t('case.explanation')));
  if (!link) return append(section, h('p', { class: 'muted' }, t('case.noLink')));
  section.append(h('p', {}, label('band', link.band), ' · ', t('case.score'), ': ', score(link.score ?? link.explanation?.probability)));
  const fields = explanationFields(link.explanation).sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
  if (fields.length === 0) return append(section, explanationFacts(link.explanation));
  const { box, canvas } = chartCanvas(t('case.explanationAlt'), { short: true });
  canvas.id = `explanation-chart-${idSuffix}`;
  section.append(box, table({
    caption: [t('case.explanationTable', { prior: link.explanation.prior ?? '—', model: link.explanation.model ?? '—' }),
      link.explanation.runnerUpWeight === null || link.explanation.runnerUpWeight === undefined ? '' : ` · ${t('case.runnerUp', { w: link.explanation.runnerUpWeight })}`],
    columns: [
      { label: t('explain.field'), render: (f) => label('field', f.name) },
      { label: t('explain.level'), render: (f) => [label('level', f.level), f.detail ? ` (${label('level', f.detail)})` : ''] },
      { label: t('explain.weight'), num: true, render: (f) => (f.weight ?? 0).toFixed(2) },
      { label: t('explain.factor'), num: true, render: (f) => (f.bayesFactor === undefined ? '—' : `×${Number(f.bayesFactor).toPrecision(3)}`) },
    ],
    rows: fields,
  }));
  drawChart(canvas, {
    type: 'bar',
    data: {
      labels: fields.map((f) => label('field', f.name)),
      datasets: [{ label: t('explain.weight'), data: fields.map((f) => f.weight ?? 0), backgroundColor: fields.map((f) => ((f.weight ?? 0) >= 0 ? PALETTE.good : PALETTE.bad)) }],
    },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: t('explain.axis') } } } },
  }, ctx);
  return section;
}

/**
 * The compared fields of an explanation, whichever way identity resolution stored them: spelled out
 * (`{level, weight, bayesFactor, detail?}`) or compact (`[level, weight, detail or value frequency]`).
 */
export function explanationFields(explanation) {
  return Object.entries(explanation?.fields ?? {}).map(([name, f]) => {
    if (!Array.isArray(f)) return { name, ...f };
    const [level, weight, extra] = f;
    const more = extra === null || extra === undefined ? {} : name === 'id' ? { detail: extra } : { valueFrequency: extra };
    return { name, level, weight: Number(weight), bayesFactor: 2 ** Number(weight), ...more };
  });
}

/** An explanation without per-field weights (an officer's decision, "no candidate"): its facts as a list. */
function explanationFacts(explanation) {
  const entries = Object.entries(explanation ?? {}).filter(([, v]) => v === null || typeof v !== 'object');
  return h('dl', {}, entries.map(([k, v]) => [h('dt', {}, label('explainKey', k)), h('dd', {}, String(v ?? '—'))]));
}

function append(section, child) {
  section.append(child);
  return section;
}
