// One case: the story of its revenue over quarters, why its identity link holds, the shops, the rows behind every
// figure, and (for officers) the actions, notes and letter. Auditors see the same, read-only.
import { api } from '../api.js';
import { badge, h, kpi } from '../dom.js';
import { money, score } from '../format.js';
import { label, t } from '../i18n.js';
import { navigate } from '../router.js';
import { isOfficer } from '../state.js';
import { explanationChart, revenueChart } from './case-charts.js';
import { figuresSection, shopsSection } from './case-evidence.js';
import { letterSection, noteForm, notesList, transitionForm } from './case-actions.js';
import { loadFacets, provinceName } from './facets.js';
import { timeline } from './timeline.js';

export async function casePage(view, ctx) {
  const id = ctx.params.id;
  const [evidence, { events }, facets] = await Promise.all([api.get(`/v1/cases/${id}`), api.get(`/v1/cases/${id}/events`), loadFacets()]);
  if (!ctx.current()) return;
  const c = evidence.case;
  const reload = () => navigate(`/console/cases/${id}`, { replace: true });
  view.append(
    h('p', { class: 'small' }, h('a', { href: '/console/cases' }, `← ${t('case.back')}`)),
    h('h1', {}, t('case.title', { year: c.taxYear, name: subjectName(evidence) })),
    h('div', { class: 'row' }, badge(label('status', c.status), `status-${c.status}`), ...c.signalCodes.map((s) => badge(label('signal', s), 'signal')),
      c.waitingOn ? badge(label('waiting', c.waitingOn), 'band-review') : ''),
    h('div', { class: 'kpis' },
      kpi(t('case.estimate'), money(c.estimatedTaxAtRisk)),
      kpi(t('case.link'), `${label('band', c.linkBand)} · ${score(c.linkConfidence)}`),
      kpi(t('case.province'), provinceName(facets, c.province)),
      kpi(t('case.assignee'), c.assigneeName ?? t('case.unassigned')),
      kpi(t('case.version'), String(c.version))),
    h('div', { class: 'grid-2' }, revenueChart(evidence, ctx), explanationChart(evidence.link, ctx)),
    shopsSection(evidence),
    figuresSection(evidence),
  );
  if (isOfficer()) {
    view.append(h('section', { 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('actions.title')),
      h('div', { class: 'grid-2' },
        h('div', { class: 'card' }, h('h3', {}, t('actions.move')), transitionForm(c, reload)),
        h('div', { class: 'card' }, h('h3', {}, t('notes.title')), notesList(events), noteForm(id, reload)))));
  } else {
    view.append(h('section', { 'aria-labelledby': 'notes-title' }, h('h2', { id: 'notes-title' }, t('notes.title')), notesList(events)));
  }
  view.append(letterSection(c),
    h('section', { 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title' }, t('history.timeline')), timeline(events),
      h('p', {}, h('a', { href: `/console/history?case=${id}` }, t('history.open')))));
}

/** Who the case is about: the registered name, else the first shop's seller or shop name. */
function subjectName(evidence) {
  if (evidence.taxpayer?.name) return evidence.taxpayer.name;
  const shop = evidence.shops[0];
  return shop?.sellerName ?? shop?.shopName ?? evidence.case.entityId;
}
