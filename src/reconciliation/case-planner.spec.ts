import { EntityYearVerdict, SignalDraft } from './entity-year-facts';
import { ExistingCase, planCase, planSignals, reopens, signalFingerprint } from './case-planner';

const draft = (code: SignalDraft['code'], estimate: bigint): SignalDraft => ({
  code, platformRevenue: 1n, declaredRevenue: 0n, estimatedTaxAtRisk: estimate, numbers: {}, sources: {}, ruleValueIds: ['1'],
});
const verdict = (estimate: bigint, signals = [draft('UNREGISTERED', estimate)]): EntityYearVerdict => ({
  entityId: 'e', taxYear: 2025, signals, proposeCase: signals.some((s) => s.code !== 'IDENTITY_QUALITY'), waitingOn: null,
  caseEstimate: estimate, linkConfidence: '1.000000', linkBand: 'none', taxpayerId: null, reopenMarginBp: 2000n, ruleVersion: 1,
});
const existing = (over: Partial<ExistingCase>): ExistingCase => ({
  id: 'c', entityId: 'e', taxYear: 2025, status: 'open', closedEstimate: null, estimate: 1000n, signalCodes: ['UNREGISTERED'],
  waitingOn: null, linkConfidence: '1.000000', linkBand: 'none', taxpayerId: null, ...over,
});

describe('case lifecycle under recomputation', () => {
  it('proposes a case only for signals other than IDENTITY_QUALITY', () => {
    expect(planCase(verdict(1000n), null, 1)).toMatchObject({ kind: 'create' });
    expect(planCase(verdict(0n, [draft('IDENTITY_QUALITY', 0n)]), null, 1)).toBeNull();
  });

  it('leaves an unchanged case alone and updates a changed one in place', () => {
    expect(planCase(verdict(1000n), existing({}), 1)).toBeNull();
    expect(planCase(verdict(1500n), existing({}), 1)).toMatchObject({ kind: 'update', caseId: 'c', event: 'evidence_updated', toStatus: 'open' });
  });

  it('clears the evidence of a case whose signals went away, without closing it', () => {
    expect(planCase(null, existing({ status: 'in_review' }), 1)).toMatchObject({ event: 'evidence_cleared', toStatus: 'in_review', snapshot: { estimate: 0n } });
  });

  it('reopens a closed case only when the estimate rises by the margin over the closing estimate', () => {
    const closed = existing({ status: 'dismissed', closedEstimate: 1000n });
    expect(planCase(verdict(1199n), closed, 1)).toMatchObject({ event: 'evidence_updated', toStatus: 'dismissed', detail: { reopened: false } });
    expect(planCase(verdict(1200n), closed, 1)).toMatchObject({ event: 'reopened', fromStatus: 'dismissed', toStatus: 'open' });
    expect(planCase(verdict(5000n), existing({ status: 'resolved', closedEstimate: 1000n }), 1)).toMatchObject({ event: 'reopened' });
    expect(reopens(1n, 0n, 2000n)).toBe(true);
    expect(reopens(0n, 0n, 2000n)).toBe(false);
  });

  it('never reopens a confirmed or notified case (not closed) but keeps its evidence current', () => {
    expect(planCase(verdict(9000n), existing({ status: 'notified' }), 1)).toMatchObject({ event: 'evidence_updated', toStatus: 'notified' });
  });
});

describe('signal writes', () => {
  it('writes new and changed signals, clears vanished ones, and skips unchanged ones', () => {
    const same = draft('UNREGISTERED', 10n);
    const old = [
      { id: '1', entityId: 'e', taxYear: 2025, code: 'UNREGISTERED', state: 'active' as const, fingerprint: signalFingerprint(same), caseId: 'c' },
      { id: '2', entityId: 'e', taxYear: 2025, code: 'SPLIT_ACROSS_PLATFORMS', state: 'active' as const, fingerprint: 'x', caseId: 'c' },
    ];
    const plan = planSignals([{ entityId: 'e', taxYear: 2025, draft: same }, { entityId: 'e', taxYear: 2025, draft: draft('INVOICE_GAP', 0n) }], old, () => 'c');
    expect(plan.upserts.map((u) => u.draft.code)).toEqual(['INVOICE_GAP']);
    expect(plan.clears).toEqual(['2']);
  });
});
