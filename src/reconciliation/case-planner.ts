import { createHash } from 'node:crypto';
import { EntityYearVerdict, SignalDraft } from './entity-year-facts';
import { CaseStatus, CLOSED_CASE_STATUSES } from './signal-codes';

/**
 * What recomputation does to cases and signals, decided by pure functions so that the rules of the case
 * lifecycle (one case per entity and tax year, update instead of duplicate, closed cases reopen only past the
 * margin, nothing adverse automatically) are unit-tested without a database.
 */
export interface CaseSnapshot {
  estimate: bigint;
  signalCodes: string[];
  waitingOn: string | null;
  linkConfidence: string | null;
  linkBand: string;
  taxpayerId: string | null;
}

export interface ExistingCase extends CaseSnapshot {
  id: string;
  entityId: string;
  taxYear: number;
  status: CaseStatus;
  /** The estimate when an officer last closed it (kept by a trigger whoever closes it). */
  closedEstimate: bigint | null;
}

export type CaseAction =
  | { kind: 'create'; entityId: string; taxYear: number; snapshot: CaseSnapshot; ruleVersion: number }
  | {
      kind: 'update';
      caseId: string;
      snapshot: CaseSnapshot;
      ruleVersion: number;
      event: 'evidence_updated' | 'evidence_cleared' | 'reopened';
      fromStatus: CaseStatus;
      toStatus: CaseStatus;
      detail: Record<string, unknown>;
    };

export function snapshotOf(verdict: EntityYearVerdict): CaseSnapshot {
  return {
    estimate: verdict.caseEstimate,
    signalCodes: verdict.signals.map((s) => s.code).sort(),
    waitingOn: verdict.waitingOn,
    linkConfidence: verdict.linkConfidence,
    linkBand: verdict.linkBand,
    taxpayerId: verdict.taxpayerId,
  };
}

/**
 * `verdict` null: the entity has no platform revenue in that year any more (or was merged away). A case is never
 * closed or deleted by the system: its evidence is cleared and an officer decides.
 */
export function planCase(verdict: EntityYearVerdict | null, existing: ExistingCase | null, ruleVersion: number): CaseAction | null {
  if (!existing) {
    if (!verdict?.proposeCase) return null;
    return { kind: 'create', entityId: verdict.entityId, taxYear: verdict.taxYear, snapshot: snapshotOf(verdict), ruleVersion };
  }
  const snapshot: CaseSnapshot = verdict
    ? snapshotOf(verdict)
    : { estimate: 0n, signalCodes: [], waitingOn: null, linkConfidence: existing.linkConfidence, linkBand: existing.linkBand, taxpayerId: existing.taxpayerId };
  if (sameSnapshot(snapshot, existing)) return null;
  const before = describe(existing);
  const after = describe(snapshot);
  const closed = CLOSED_CASE_STATUSES.includes(existing.status);
  const base = existing.closedEstimate ?? existing.estimate;
  const margin = verdict?.reopenMarginBp ?? 0n;
  if (closed && verdict?.proposeCase && reopens(snapshot.estimate, base, margin)) {
    const detail = { before, after, closedEstimate: String(base), reopenMarginBp: String(margin) };
    return { kind: 'update', caseId: existing.id, snapshot, ruleVersion, event: 'reopened', fromStatus: existing.status, toStatus: 'open', detail };
  }
  const event = verdict?.proposeCase ? 'evidence_updated' : 'evidence_cleared';
  const detail: Record<string, unknown> = { before, after };
  if (closed && verdict?.proposeCase) Object.assign(detail, { reopened: false, closedEstimate: String(base), reopenMarginBp: String(margin) });
  return { kind: 'update', caseId: existing.id, snapshot, ruleVersion, event, fromStatus: existing.status, toStatus: existing.status, detail };
}

/** New evidence reopens a closed case when it raises the estimate above the closing estimate by at least the margin. */
export function reopens(estimate: bigint, closedEstimate: bigint, marginBp: bigint): boolean {
  return estimate > closedEstimate && estimate * 10_000n >= closedEstimate * (10_000n + marginBp);
}

function sameSnapshot(a: CaseSnapshot, b: CaseSnapshot): boolean {
  return (
    a.estimate === b.estimate &&
    a.signalCodes.join(',') === [...b.signalCodes].sort().join(',') &&
    a.waitingOn === b.waitingOn &&
    a.linkConfidence === b.linkConfidence &&
    a.linkBand === b.linkBand &&
    a.taxpayerId === b.taxpayerId
  );
}

function describe(s: CaseSnapshot): Record<string, unknown> {
  return { estimate: String(s.estimate), signalCodes: [...s.signalCodes].sort(), waitingOn: s.waitingOn, linkConfidence: s.linkConfidence, linkBand: s.linkBand };
}

/** A signal's content hash: unchanged evidence is never rewritten, so a second run changes nothing. */
export function signalFingerprint(draft: SignalDraft): string {
  const canonical = JSON.stringify(
    {
      code: draft.code,
      platformRevenue: draft.platformRevenue,
      declaredRevenue: draft.declaredRevenue,
      estimatedTaxAtRisk: draft.estimatedTaxAtRisk,
      numbers: draft.numbers,
      sources: draft.sources,
      ruleValueIds: draft.ruleValueIds,
    },
    (_key, value) => (typeof value === 'bigint' ? value.toString() : value),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ExistingSignal {
  id: string;
  entityId: string;
  taxYear: number;
  code: string;
  state: 'active' | 'cleared';
  fingerprint: string;
  caseId: string | null;
}

export interface SignalUpsert {
  entityId: string;
  taxYear: number;
  draft: SignalDraft;
  fingerprint: string;
  caseId: string | null;
}

/** Signals to write (new, changed, re-raised or moved to a case) and active signals no longer raised (to clear). */
export function planSignals(
  desired: ReadonlyArray<{ entityId: string; taxYear: number; draft: SignalDraft }>,
  existing: readonly ExistingSignal[],
  caseIdOf: (entityId: string, taxYear: number) => string | null,
): { upserts: SignalUpsert[]; clears: string[] } {
  const byKey = new Map(existing.map((s) => [`${s.entityId}|${s.taxYear}|${s.code}`, s]));
  const wanted = new Set<string>();
  const upserts: SignalUpsert[] = [];
  for (const { entityId, taxYear, draft } of desired) {
    const key = `${entityId}|${taxYear}|${draft.code}`;
    wanted.add(key);
    const fingerprint = signalFingerprint(draft);
    const caseId = caseIdOf(entityId, taxYear);
    const current = byKey.get(key);
    if (current && current.state === 'active' && current.fingerprint === fingerprint && current.caseId === caseId) continue;
    upserts.push({ entityId, taxYear, draft, fingerprint, caseId });
  }
  const clears = existing.filter((s) => s.state === 'active' && !wanted.has(`${s.entityId}|${s.taxYear}|${s.code}`)).map((s) => s.id);
  return { upserts, clears };
}
