// The rows behind a case's figures: shops across platforms, revenue per platform and quarter, declarations,
// invoices and signals. Identifiers stay masked; an officer may reveal them, with a reason that is recorded.
import { api } from '../api.js';
import { badge, field, h, table } from '../dom.js';
import { count, date, money, score } from '../format.js';
import { label, t } from '../i18n.js';
import { errorText, notice } from '../notice.js';
import { isOfficer } from '../state.js';

export function shopsSection(evidence) {
  const cells = new Map();
  const idCell = (shop) => remember(cells, shop.sellerId, 'id', shop.nationalIdMasked ?? '—');
  const phoneCell = (shop) => remember(cells, shop.sellerId, 'phone', shop.phoneMasked ?? '—');
  const section = h('section', { 'aria-labelledby': 'shops-title' }, h('h2', { id: 'shops-title' }, t('case.shops', { n: evidence.shops.length })),
    table({
      columns: [
        { label: t('shop.platform'), render: (s) => s.platformName ?? s.platform },
        { label: t('shop.ref'), render: (s) => s.sellerRef },
        { label: t('shop.shopName'), render: (s) => s.shopName ?? '—' },
        { label: t('shop.sellerName'), render: (s) => s.sellerName ?? '—' },
        { label: t('shop.taxCode'), render: (s) => [s.taxCode ?? '—', s.taxCodeError ? [' ', badge(s.taxCodeError, 'band-review')] : ''] },
        { label: t('shop.nationalId'), render: idCell },
        { label: t('shop.phone'), render: phoneCell },
        { label: t('shop.province'), render: (s) => s.province ?? '—' },
        { label: t('shop.link'), render: (s) => [badge(label('band', s.link.band), `band-${s.link.band}`), ' ', score(s.link.score)] },
      ],
      rows: evidence.shops,
    }));
  if (evidence.taxpayer) section.append(taxpayerBox(evidence.taxpayer, cells));
  if (isOfficer()) section.append(revealForm(evidence.case.id, cells));
  return section;
}

function taxpayerBox(tp, cells) {
  return h('div', { class: 'card' }, h('h3', {}, t('case.taxpayer')),
    h('p', {}, h('strong', {}, tp.name), ' · ', t('shop.taxCode'), ' ', tp.taxCode ?? '—', ' · ', label('tpStatus', tp.status),
      ' · ', t('case.registeredOn'), ' ', date(tp.registeredOn)),
    h('p', { class: 'small' }, t('shop.nationalId'), ': ', remember(cells, `tp-${tp.id}`, 'id', tp.nationalIdMasked ?? '—'), ' · ',
      t('shop.phone'), ': ', remember(cells, `tp-${tp.id}`, 'phone', tp.phoneMasked ?? '—'), ' · ', tp.address ?? ''));
}

function remember(cells, key, kind, text) {
  const span = h('span', { 'data-masked': 'true' }, text);
  cells.set(`${key}:${kind}`, span);
  return span;
}

/** Shows full national IDs and phones after the officer gives a reason (recorded in the audit log and the case). */
function revealForm(caseId, cells) {
  const reason = h('input', { name: 'reason', minlength: 3, maxlength: 500, size: 40 });
  const form = h('form', { class: 'row' }, field(t('reveal.reason'), reason, t('reveal.hint')), h('button', { type: 'submit', class: 'secondary' }, t('reveal.submit')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (reason.value.trim().length < 3) return notice(t('reveal.reasonMissing'), 'error');
    try {
      const revealed = await api.post(`/v1/cases/${caseId}/reveal`, { reason: reason.value.trim() });
      const put = (key, kind, value) => { const span = cells.get(`${key}:${kind}`); if (span && value) { span.textContent = value; span.dataset.masked = 'false'; } };
      for (const s of revealed.shops ?? []) { put(s.sellerId, 'id', s.nationalId); put(s.sellerId, 'phone', s.phone); }
      if (revealed.taxpayer) { put(`tp-${revealed.taxpayer.id}`, 'id', revealed.taxpayer.nationalId); put(`tp-${revealed.taxpayer.id}`, 'phone', revealed.taxpayer.phone); }
      form.replaceWith(h('p', { class: 'small muted' }, t('reveal.done')));
      notice(t('reveal.done'));
    } catch (error) {
      notice(errorText(error), 'error');
    }
  });
  return form;
}

export function figuresSection(evidence) {
  return h('section', { 'aria-labelledby': 'evidence-title' }, h('h2', { id: 'evidence-title' }, t('case.evidence')),
    h('div', { class: 'grid-2' },
      h('div', {}, table({
        caption: t('case.revenueRows'),
        columns: [
          { label: t('case.quarter'), render: (r) => r.period },
          { label: t('shop.platform'), render: (r) => r.platform },
          { label: t('rev.gross'), num: true, render: (r) => money(r.gross) },
          { label: t('rev.refunds'), num: true, render: (r) => money(r.refunds) },
          { label: t('rev.net'), num: true, render: (r) => money(r.net) },
          { label: t('rev.withheld'), num: true, render: (r) => money(r.taxWithheld) },
        ],
        rows: evidence.revenue,
        empty: t('case.none'),
      })),
      h('div', {},
        table({
          caption: t('case.declarations'),
          columns: [
            { label: t('case.quarter'), render: (d) => d.period },
            { label: t('decl.revenue'), num: true, render: (d) => money(d.declaredRevenue) },
            { label: t('decl.tax'), num: true, render: (d) => money(d.taxPaid) },
            { label: t('decl.filed'), render: (d) => date(d.filedOn) },
          ],
          rows: evidence.declarations,
          empty: t('case.none'),
        }),
        table({
          caption: t('case.invoices'),
          columns: [
            { label: t('inv.month'), render: (i) => i.month },
            { label: t('inv.count'), num: true, render: (i) => count(i.invoiceCount) },
            { label: t('inv.total'), num: true, render: (i) => money(i.totalBeforeTax) },
          ],
          rows: evidence.invoices,
          empty: t('case.none'),
        }))),
    table({
      caption: t('case.signalRows'),
      columns: [
        { label: t('signal.code'), render: (s) => badge(label('signal', s.code), 'signal') },
        { label: t('signal.state'), render: (s) => label('signalState', s.state) },
        { label: t('chart.platform'), num: true, render: (s) => money(s.platformRevenue) },
        { label: t('chart.declared'), num: true, render: (s) => money(s.declaredRevenue) },
        { label: t('case.estimate'), num: true, render: (s) => money(s.estimatedTaxAtRisk) },
        { label: t('signal.rule'), render: (s) => s.ruleVersion },
      ],
      rows: evidence.signals,
      empty: t('case.none'),
    }));
}
