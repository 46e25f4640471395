import { CASE_STATUSES } from '../reconciliation/signal-codes';
import { allowedTransitions, CASE_TRANSITIONS, isAdverse, isLegalTransition, transitionNeedsReason } from './case-transitions';

describe('case transitions', () => {
  it('follows the issue: open → in_review → dismissed | confirmed → notified → resolved | escalated', () => {
    expect(isLegalTransition('open', 'in_review')).toBe(true);
    expect(isLegalTransition('in_review', 'dismissed')).toBe(true);
    expect(isLegalTransition('in_review', 'confirmed')).toBe(true);
    expect(isLegalTransition('confirmed', 'notified')).toBe(true);
    expect(isLegalTransition('notified', 'resolved')).toBe(true);
    expect(isLegalTransition('notified', 'escalated')).toBe(true);
  });

  it('never skips the review, never notifies an unconfirmed case, never moves a case to where it is', () => {
    expect(isLegalTransition('open', 'confirmed')).toBe(false);
    expect(isLegalTransition('open', 'dismissed')).toBe(false);
    expect(isLegalTransition('in_review', 'notified')).toBe(false);
    for (const status of CASE_STATUSES) expect(isLegalTransition(status, status)).toBe(false);
  });

  it('leaves dismissed and resolved final for officers', () => {
    expect(allowedTransitions('dismissed')).toEqual([]);
    expect(allowedTransitions('resolved')).toEqual([]);
  });

  it('asks a reason for every dismissal, escalation, resolution and step back, and only for legal moves', () => {
    for (const [from, targets] of Object.entries(CASE_TRANSITIONS)) {
      for (const to of targets) {
        const needed = ['dismissed', 'escalated', 'resolved'].includes(to) || (from === 'in_review' && to === 'open') || (from === 'confirmed' && to === 'in_review') || (from === 'escalated' && to === 'in_review');
        expect({ from, to, needed: transitionNeedsReason(from as never, to) }).toEqual({ from, to, needed });
      }
    }
  });

  it('calls confirming and notifying adverse (they need a settled identity and tax at risk)', () => {
    expect(CASE_STATUSES.filter(isAdverse)).toEqual(['confirmed', 'notified']);
  });
});
