import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { Principal } from '../../auth/principal';
import { SqlService } from '../../database/sql.service';
import { JobQueueService } from '../../jobs/job-queue.service';
import { RULE_VERSION } from '../model/comparisons';
import { MatchingErrors } from '../matching.errors';
import { planRun, runIdFor } from '../runs/run-planner';

export interface LinkDecisionInput {
  decision: 'confirm' | 'reject';
  taxpayerId: string;
  reason?: string;
}

export interface DecisionOutcome {
  decisionId: string;
  runId: string;
}

/**
 * An officer confirms or rejects a seller → taxpayer link. The decision is logged (link_decisions), put in force
 * (link_decision_state) and recorded in match_history as decided by an officer; the model never overrides it:
 * confirmed sellers are not re-scored, rejected taxpayers are removed from a seller's candidates in every run.
 * The seller is then re-matched (entities, and reconciliation after them) by a `matching.match-run` job.
 */
@Injectable()
export class LinkDecisionService {
  constructor(
    private readonly sql: SqlService,
    private readonly jobs: JobQueueService,
  ) {}

  async decide(sellerId: string, input: LinkDecisionInput, officer: Principal): Promise<DecisionOutcome> {
    const outcome = await this.sql.withRawTransaction(async (client) => {
      const seller = await client.query<{ version: number }>(`SELECT current_version AS version FROM platform_sellers WHERE id = $1 FOR UPDATE`, [sellerId]);
      if (seller.rowCount === 0) throw MatchingErrors.sellerNotFound(sellerId);
      const taxpayer = await client.query<{ version: number }>(`SELECT current_version AS version FROM taxpayers WHERE id = $1`, [input.taxpayerId]);
      if (taxpayer.rowCount === 0) throw MatchingErrors.taxpayerNotFound(input.taxpayerId);
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO link_decisions (seller_id, taxpayer_id, decision, officer_user_id, officer_name, reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [sellerId, input.taxpayerId, input.decision, officer.userId ?? null, officer.name, input.reason ?? null],
      );
      const decisionId = rows[0].id;
      const context = { sellerId, taxpayerId: input.taxpayerId, decisionId, sellerVersion: seller.rows[0].version, taxpayerVersion: taxpayer.rows[0].version, officer, reason: input.reason };
      if (input.decision === 'confirm') await this.confirm(client, context);
      else await this.reject(client, context);
      const runId = runIdFor(`decision:${decisionId}`);
      await planRun(client, { id: runId, trigger: 'decision', sellerIds: [sellerId] });
      return { decisionId, runId };
    });
    await this.jobs.enqueue('matching.match-run', { runId: outcome.runId }, outcome.runId);
    return outcome;
  }

  private async confirm(client: PoolClient, d: DecisionContext): Promise<void> {
    // One confirmed taxpayer per seller: a new confirm ends the previous one.
    await client.query(`DELETE FROM link_decision_state WHERE seller_id = $1 AND decision = 'confirm' AND taxpayer_id <> $2`, [d.sellerId, d.taxpayerId]);
    await upsertState(client, d, 'confirm');
    const explanation = decisionExplanation(d, 'confirm');
    await client.query(
      `INSERT INTO seller_links (seller_id, taxpayer_id, band, score, match_weight, explanation, model_version, input_version, decided_by, decided_at, taxpayer_version, rule_version)
       VALUES ($1, $2, 'confirmed', 1, NULL, $3, 'officer', $4, 'officer', now(), $5, $6)
       ON CONFLICT (seller_id) DO UPDATE SET taxpayer_id = EXCLUDED.taxpayer_id, band = 'confirmed', score = 1, match_weight = NULL,
         explanation = EXCLUDED.explanation, model_version = 'officer', input_version = EXCLUDED.input_version, decided_by = 'officer',
         decided_at = now(), taxpayer_version = EXCLUDED.taxpayer_version, rule_version = EXCLUDED.rule_version, run_id = NULL`,
      [d.sellerId, d.taxpayerId, explanation, d.sellerVersion, d.taxpayerVersion, RULE_VERSION],
    );
    await appendHistory(client, d, 'confirmed', explanation);
  }

  private async reject(client: PoolClient, d: DecisionContext): Promise<void> {
    await upsertState(client, d, 'reject');
    const explanation = decisionExplanation(d, 'reject');
    // A link to the rejected taxpayer (model-made or once confirmed) is withdrawn until the re-match decides anew.
    await client.query(
      `UPDATE seller_links SET taxpayer_id = NULL, taxpayer_version = NULL, band = 'rejected', score = 0, match_weight = NULL,
              explanation = $3, model_version = 'officer', decided_by = 'system', decided_at = now(), run_id = NULL
       WHERE seller_id = $1 AND taxpayer_id = $2`,
      [d.sellerId, d.taxpayerId, explanation],
    );
    await appendHistory(client, d, 'rejected', explanation);
  }
}

interface DecisionContext {
  sellerId: string;
  taxpayerId: string;
  decisionId: string;
  sellerVersion: number;
  taxpayerVersion: number;
  officer: Principal;
  reason?: string;
}

async function upsertState(client: PoolClient, d: DecisionContext, decision: 'confirm' | 'reject'): Promise<void> {
  await client.query(
    `INSERT INTO link_decision_state (seller_id, taxpayer_id, decision, decision_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (seller_id, taxpayer_id) DO UPDATE SET decision = EXCLUDED.decision, decision_id = EXCLUDED.decision_id`,
    [d.sellerId, d.taxpayerId, decision, d.decisionId],
  );
}

function decisionExplanation(d: DecisionContext, decision: 'confirm' | 'reject'): string {
  return JSON.stringify({ decision, decisionId: d.decisionId, officer: d.officer.name, reason: d.reason ?? null, rules: RULE_VERSION });
}

async function appendHistory(client: PoolClient, d: DecisionContext, band: 'confirmed' | 'rejected', explanation: string): Promise<void> {
  await client.query(
    `INSERT INTO match_history (seller_id, seller_version, taxpayer_id, taxpayer_version, score, band, explanation, model_version, rule_version, decided_by, decision_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'officer', $8, 'officer', $9)`,
    [d.sellerId, d.sellerVersion, d.taxpayerId, d.taxpayerVersion, band === 'confirmed' ? 1 : 0, band, explanation, RULE_VERSION, d.decisionId],
  );
}
