// A case's append-only history as a timeline; with an "as of" instant, later events are left out.
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { label, t } from '../i18n.js';

export function timeline(events, asOf) {
  const shown = asOf ? events.filter((e) => new Date(e.at) <= asOf) : events;
  if (shown.length === 0) return h('p', { class: 'muted' }, t('history.noEvents'));
  return h('ol', { class: 'timeline', 'aria-label': t('history.timeline') }, shown.map((e) => h('li', { class: e.actorKind === 'user' ? 'user' : 'system' },
    h('div', { class: 'when' }, dateTime(e.at), ' · ', e.actorKind === 'user' ? e.actorName ?? e.detail?.actorName ?? e.actor : label('actor', e.actor)),
    h('div', {}, h('strong', {}, label('event', e.event)),
      statusChange(e)),
    e.detail?.reason ? h('div', { class: 'small' }, t('history.reason'), ': ', e.detail.reason) : null,
    e.event === 'note' && e.detail?.text ? h('blockquote', { class: 'small' }, e.detail.text) : null,
    e.event === 'link_review' && e.detail?.decision ? h('div', { class: 'small' }, label('decision', e.detail.decision)) : null)));
}

function statusChange(e) {
  if (!e.toStatus) return '';
  if (!e.fromStatus) return [' → ', label('status', e.toStatus)];
  if (e.fromStatus === e.toStatus) return [' (', label('status', e.toStatus), ')'];
  return [' ', label('status', e.fromStatus), ' → ', label('status', e.toStatus)];
}
