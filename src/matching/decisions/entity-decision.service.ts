import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { Principal } from '../../auth/principal';
import { SqlService } from '../../database/sql.service';
import { JobQueueService } from '../../jobs/job-queue.service';
import { MatchingErrors } from '../matching.errors';
import { planRun, runIdFor } from '../runs/run-planner';
import { DecisionOutcome } from './link-decision.service';

/**
 * Officers merge entities or split one. A decision becomes pairwise constraints between sellers
 * (entity_constraints: must / cannot, the latest decision per pair wins), which every later grouping honours:
 * - merge: every member is must-linked to the oldest member of the merged set;
 * - split: each side is must-linked to its oldest member, and every pair across the sides cannot-linked.
 * The members are then re-grouped by a `matching.match-run` job (ids follow the usual stable rule).
 */
@Injectable()
export class EntityDecisionService {
  constructor(
    private readonly sql: SqlService,
    private readonly jobs: JobQueueService,
  ) {}

  async merge(entityIds: string[], officer: Principal, reason?: string): Promise<DecisionOutcome> {
    const unique = [...new Set(entityIds)];
    if (unique.length < 2) throw MatchingErrors.mergeNeedsTwo();
    return this.decide(async (client) => {
      const members = await this.members(client, unique);
      const decisionId = await this.record(client, 'merge', unique, [members], officer, reason);
      await constrain(client, starPairs(members), 'must', decisionId);
      return { decisionId, sellers: members };
    });
  }

  async split(entityId: string, sellerIds: string[], officer: Principal, reason?: string): Promise<DecisionOutcome> {
    return this.decide(async (client) => {
      const members = await this.members(client, [entityId]);
      const out = [...new Set(sellerIds.map(String))].sort(byNumber);
      const rest = members.filter((m) => !out.includes(m));
      if (out.length === 0 || rest.length === 0 || out.some((s) => !members.includes(s))) throw MatchingErrors.splitNotProperSubset(entityId);
      const decisionId = await this.record(client, 'split', [entityId], [out, rest], officer, reason);
      await constrain(client, [...starPairs(out), ...starPairs(rest)], 'must', decisionId);
      await constrain(client, out.flatMap((a) => rest.map((b) => [a, b] as const)), 'cannot', decisionId);
      return { decisionId, sellers: members };
    });
  }

  private async decide(work: (client: PoolClient) => Promise<{ decisionId: string; sellers: string[] }>): Promise<DecisionOutcome> {
    const outcome = await this.sql.withRawTransaction(async (client) => {
      const { decisionId, sellers } = await work(client);
      const runId = runIdFor(`decision:${decisionId}`);
      await planRun(client, { id: runId, trigger: 'decision', sellerIds: sellers });
      return { decisionId, runId };
    });
    await this.jobs.enqueue('matching.match-run', { runId: outcome.runId }, outcome.runId);
    return outcome;
  }

  /** Current members of active entities, oldest seller first; 404 when an entity is unknown or retired. */
  private async members(client: PoolClient, entityIds: string[]): Promise<string[]> {
    const { rows: entities } = await client.query<{ id: string }>(
      `SELECT id FROM seller_entities WHERE id = ANY ($1::uuid[]) AND is_active FOR UPDATE`,
      [entityIds],
    );
    const missing = entityIds.filter((id) => !entities.some((e) => e.id === id));
    if (missing.length) throw MatchingErrors.entityNotFound(missing[0]);
    const { rows } = await client.query<{ seller_id: string }>(
      `SELECT seller_id FROM seller_entity_members WHERE entity_id = ANY ($1::uuid[]) ORDER BY seller_id`,
      [entityIds],
    );
    return rows.map((r) => r.seller_id);
  }

  private async record(client: PoolClient, kind: 'merge' | 'split', entityIds: string[], groups: string[][], officer: Principal, reason?: string): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO entity_decisions (kind, entity_ids, seller_groups, officer_user_id, officer_name, reason)
       VALUES ($1, $2::uuid[], $3, $4, $5, $6) RETURNING id`,
      [kind, entityIds, JSON.stringify(groups), officer.userId ?? null, officer.name, reason ?? null],
    );
    return rows[0].id;
  }
}

const byNumber = (a: string, b: string) => Number(a) - Number(b);

function starPairs(sellers: string[]): Array<readonly [string, string]> {
  const sorted = [...sellers].sort(byNumber);
  return sorted.slice(1).map((s) => [sorted[0], s] as const);
}

async function constrain(client: PoolClient, pairs: ReadonlyArray<readonly [string, string]>, kind: 'must' | 'cannot', decisionId: string): Promise<void> {
  if (pairs.length === 0) return;
  const lo = pairs.map(([a, b]) => (Number(a) < Number(b) ? a : b));
  const hi = pairs.map(([a, b]) => (Number(a) < Number(b) ? b : a));
  await client.query(
    `INSERT INTO entity_constraints (seller_lo, seller_hi, kind, decision_id)
     SELECT lo, hi, $3, $4 FROM unnest($1::bigint[], $2::bigint[]) AS p(lo, hi) WHERE lo <> hi
     ON CONFLICT (seller_lo, seller_hi) DO UPDATE SET kind = EXCLUDED.kind, decision_id = EXCLUDED.decision_id`,
    [lo, hi, kind, decisionId],
  );
}
