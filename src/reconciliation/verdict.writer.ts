import type { PoolClient } from 'pg';
import { CaseAction, ExistingCase, ExistingSignal, planCase, planSignals, SignalUpsert } from './case-planner';
import { EntityYearVerdict } from './entity-year-facts';

export interface WriteStats {
  signalsChanged: number;
  casesProposed: number;
  casesUpdated: number;
  casesReopened: number;
  /** Tax years the chunk's entities have figures, signals or cases in (what follow-ups should refresh). */
  taxYears: number[];
}

const SYSTEM_ACTOR = 'reconciliation';

/**
 * Writes a chunk's verdicts: cases (create / update evidence / reopen), their append-only events, and signals
 * (upsert by (entity, tax year, code); no longer raised → cleared, never deleted). Only what changed is written,
 * so running the same chunk twice writes nothing the second time. Set-based: a fixed number of statements.
 */
export async function writeVerdicts(
  client: PoolClient,
  entityIds: string[],
  verdicts: readonly EntityYearVerdict[],
  context: { runId: string; ruleVersion: number },
): Promise<WriteStats> {
  const cases = await existingCases(client, entityIds);
  const signals = await existingSignals(client, entityIds);
  const verdictOf = new Map(verdicts.map((v) => [`${v.entityId}|${v.taxYear}`, v]));
  const keys = new Set([...verdictOf.keys(), ...cases.keys()]);
  const actions = [...keys]
    .sort()
    .map((key) => planCase(verdictOf.get(key) ?? null, cases.get(key) ?? null, context.ruleVersion))
    .filter((a): a is CaseAction => a !== null);
  const created = await createCases(client, actions, context.runId);
  const updates = actions.filter((a): a is Extract<CaseAction, { kind: 'update' }> => a.kind === 'update');
  await updateCases(client, updates, context.runId);
  const caseIdOf = (entityId: string, taxYear: number) => cases.get(`${entityId}|${taxYear}`)?.id ?? created.get(`${entityId}|${taxYear}`) ?? null;
  const desired = verdicts.flatMap((v) => v.signals.map((draft) => ({ entityId: v.entityId, taxYear: v.taxYear, draft })));
  const plan = planSignals(desired, signals, caseIdOf);
  await upsertSignals(client, plan.upserts, context);
  if (plan.clears.length) {
    await client.query(`UPDATE signals SET state = 'cleared', cleared_at = now(), updated_at = now(), run_id = $2 WHERE id = ANY($1::bigint[])`, [plan.clears, context.runId]);
  }
  return {
    signalsChanged: plan.upserts.length + plan.clears.length,
    casesProposed: created.size,
    casesUpdated: updates.length,
    casesReopened: updates.filter((u) => u.event === 'reopened').length,
    taxYears: [...new Set([...[...keys].map((k) => Number(k.split('|')[1])), ...signals.map((s) => s.taxYear)])],
  };
}

async function existingCases(client: PoolClient, entityIds: string[]): Promise<Map<string, ExistingCase>> {
  const { rows } = await client.query(
    `SELECT id, entity_id, tax_year, status, estimated_tax_at_risk::text AS estimate, closed_estimate::text AS closed_estimate,
            signal_codes, waiting_on, link_confidence::text AS link_confidence, link_band, taxpayer_id::text AS taxpayer_id
     FROM cases WHERE entity_id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [entityIds],
  );
  return new Map(
    rows.map((r) => [
      `${r.entity_id}|${r.tax_year}`,
      {
        id: r.id, entityId: r.entity_id, taxYear: r.tax_year, status: r.status, estimate: BigInt(r.estimate),
        closedEstimate: r.closed_estimate === null ? null : BigInt(r.closed_estimate), signalCodes: r.signal_codes,
        waitingOn: r.waiting_on, linkConfidence: r.link_confidence, linkBand: r.link_band, taxpayerId: r.taxpayer_id,
      },
    ]),
  );
}

async function existingSignals(client: PoolClient, entityIds: string[]): Promise<ExistingSignal[]> {
  const { rows } = await client.query(
    `SELECT id::text, entity_id, tax_year, code, state, fingerprint, case_id FROM signals WHERE entity_id = ANY($1::uuid[])`,
    [entityIds],
  );
  return rows.map((r) => ({ id: r.id, entityId: r.entity_id, taxYear: r.tax_year, code: r.code, state: r.state, fingerprint: r.fingerprint, caseId: r.case_id }));
}

async function createCases(client: PoolClient, actions: CaseAction[], runId: string): Promise<Map<string, string>> {
  const creates = actions.filter((a): a is Extract<CaseAction, { kind: 'create' }> => a.kind === 'create');
  if (creates.length === 0) return new Map();
  const { rows } = await client.query(
    `INSERT INTO cases (entity_id, tax_year, estimated_tax_at_risk, signal_codes, waiting_on, link_confidence, link_band, taxpayer_id, rule_version)
     SELECT u.entity_id, u.tax_year, u.estimate, string_to_array(u.codes, ','), u.waiting_on, u.confidence, u.band, u.taxpayer_id, u.rule_version
     FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::bigint[], $9::int[])
       AS u(entity_id, tax_year, estimate, codes, waiting_on, confidence, band, taxpayer_id, rule_version)
     RETURNING id, entity_id, tax_year, status`,
    [
      creates.map((c) => c.entityId), creates.map((c) => c.taxYear), creates.map((c) => String(c.snapshot.estimate)),
      creates.map((c) => c.snapshot.signalCodes.join(',')), creates.map((c) => c.snapshot.waitingOn),
      creates.map((c) => c.snapshot.linkConfidence), creates.map((c) => c.snapshot.linkBand),
      creates.map((c) => c.snapshot.taxpayerId), creates.map((c) => c.ruleVersion),
    ],
  );
  const ids = new Map(rows.map((r) => [`${r.entity_id}|${r.tax_year}`, r.id as string]));
  await insertEvents(
    client,
    creates.map((c) => ({
      caseId: ids.get(`${c.entityId}|${c.taxYear}`)!, event: 'proposed', fromStatus: null, toStatus: 'open',
      detail: { estimate: String(c.snapshot.estimate), signalCodes: c.snapshot.signalCodes, waitingOn: c.snapshot.waitingOn, ruleVersion: c.ruleVersion },
    })),
    runId,
  );
  return ids;
}

async function updateCases(client: PoolClient, updates: Array<Extract<CaseAction, { kind: 'update' }>>, runId: string): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `UPDATE cases c SET estimated_tax_at_risk = u.estimate, signal_codes = string_to_array(u.codes, ','), waiting_on = u.waiting_on,
            link_confidence = u.confidence, link_band = u.band, taxpayer_id = u.taxpayer_id, rule_version = u.rule_version,
            status = u.status, reopen_count = c.reopen_count + u.reopened, version = c.version + 1,
            updated_at = now(), evidence_updated_at = now()
     FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::bigint[], $8::int[], $9::text[], $10::int[])
       AS u(id, estimate, codes, waiting_on, confidence, band, taxpayer_id, rule_version, status, reopened)
     WHERE c.id = u.id`,
    [
      updates.map((u) => u.caseId), updates.map((u) => String(u.snapshot.estimate)), updates.map((u) => u.snapshot.signalCodes.join(',')),
      updates.map((u) => u.snapshot.waitingOn), updates.map((u) => u.snapshot.linkConfidence), updates.map((u) => u.snapshot.linkBand),
      updates.map((u) => u.snapshot.taxpayerId), updates.map((u) => u.ruleVersion), updates.map((u) => u.toStatus),
      updates.map((u) => (u.event === 'reopened' ? 1 : 0)),
    ],
  );
  await insertEvents(
    client,
    updates.map((u) => ({ caseId: u.caseId, event: u.event, fromStatus: u.fromStatus, toStatus: u.toStatus, detail: { ...u.detail, ruleVersion: u.ruleVersion } })),
    runId,
  );
}

interface EventRow {
  caseId: string;
  event: string;
  fromStatus: string | null;
  toStatus: string | null;
  detail: Record<string, unknown>;
}

async function insertEvents(client: PoolClient, events: EventRow[], runId: string): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO case_events (case_id, actor_kind, actor, event, from_status, to_status, detail, run_id)
     SELECT u.case_id, 'system', $6, u.event, u.from_status, u.to_status, u.detail::jsonb, $7
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(case_id, event, from_status, to_status, detail)`,
    [
      events.map((e) => e.caseId), events.map((e) => e.event), events.map((e) => e.fromStatus), events.map((e) => e.toStatus),
      events.map((e) => JSON.stringify(e.detail)), SYSTEM_ACTOR, runId,
    ],
  );
}

async function upsertSignals(client: PoolClient, upserts: SignalUpsert[], context: { runId: string; ruleVersion: number }): Promise<void> {
  if (upserts.length === 0) return;
  const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  await client.query(
    `INSERT INTO signals (entity_id, tax_year, code, case_id, platform_revenue, declared_revenue, estimated_tax_at_risk, numbers, sources,
                          rule_version, rule_value_ids, fingerprint, run_id)
     SELECT u.entity_id, u.tax_year, u.code, u.case_id, u.platform_revenue, u.declared_revenue, u.estimate, u.numbers::jsonb, u.sources::jsonb,
            $10, u.rule_value_ids::bigint[], u.fingerprint, $11
     FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $12::text[], $13::text[])
       AS u(entity_id, tax_year, code, case_id, platform_revenue, declared_revenue, estimate, numbers, sources, rule_value_ids, fingerprint)
     ON CONFLICT (entity_id, tax_year, code) DO UPDATE SET
       state = 'active', cleared_at = NULL, case_id = EXCLUDED.case_id, platform_revenue = EXCLUDED.platform_revenue,
       declared_revenue = EXCLUDED.declared_revenue, estimated_tax_at_risk = EXCLUDED.estimated_tax_at_risk, numbers = EXCLUDED.numbers,
       sources = EXCLUDED.sources, rule_version = EXCLUDED.rule_version, rule_value_ids = EXCLUDED.rule_value_ids,
       fingerprint = EXCLUDED.fingerprint, run_id = EXCLUDED.run_id, updated_at = now(),
       raised_at = CASE WHEN signals.state = 'cleared' THEN now() ELSE signals.raised_at END`,
    [
      upserts.map((u) => u.entityId), upserts.map((u) => u.taxYear), upserts.map((u) => u.draft.code), upserts.map((u) => u.caseId),
      upserts.map((u) => String(u.draft.platformRevenue)), upserts.map((u) => String(u.draft.declaredRevenue)),
      upserts.map((u) => String(u.draft.estimatedTaxAtRisk)), upserts.map((u) => json(u.draft.numbers)), upserts.map((u) => json(u.draft.sources)),
      context.ruleVersion, context.runId, upserts.map((u) => `{${u.draft.ruleValueIds.join(',')}}`), upserts.map((u) => u.fingerprint),
    ],
  );
}
