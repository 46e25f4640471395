import { Injectable, Logger } from '@nestjs/common';
import { PoolClient } from 'pg';
import { refreshPlannerStatistics } from '../../database/planner-statistics';
import { SqlService } from '../../database/sql.service';
import { JobQueueService } from '../../jobs/job-queue.service';
import { BlockingService } from '../blocking/blocking.service';
import { EntityService } from '../entities/entity.service';
import { FeatureRefreshService } from '../features/feature-refresh.service';
import { PairMode } from '../model/comparisons';
import { ModelService } from '../model/model.service';
import { TermFrequencyService } from '../model/term-frequency.service';
import { MatchingPassService } from '../scoring/matching-pass.service';
import { addSellersAffectedByTaxpayers } from './run-planner';

/** Sellers scored per transaction: bounded memory and lock time, each chunk commits its links and history. */
const CHUNK = 250_000;

/** What a run writes and reconciliation reads at once. */
const MATCHING_OUTPUT_TABLES = ['seller_links', 'seller_entities', 'seller_entity_members', 'match_run_entities'];

export interface RunStats {
  sellers: number;
  featuresWritten: number;
  taxpayerFeaturesWritten: number;
  candidates: number;
  weakStageSellers: number;
  linksChanged: number;
  dedupCandidates: number;
  edgesWritten: number;
  entitySellers: number;
  entitiesTouched: number;
  membershipsChanged: number;
  linkModel: string;
  dedupModel: string;
  ms: Record<string, number>;
}

function emptyStats(): RunStats {
  return {
    sellers: 0, featuresWritten: 0, taxpayerFeaturesWritten: 0, candidates: 0, weakStageSellers: 0, linksChanged: 0, dedupCandidates: 0,
    edgesWritten: 0, entitySellers: 0, entitiesTouched: 0, membershipsChanged: 0, linkModel: '', dedupModel: '', ms: {},
  };
}

/**
 * Executes one match run over the sellers listed in match_run_sellers: features, model, links (with history),
 * seller↔seller edges, entities; then marks the sellers matched and the run done, and tells reconciliation which
 * entities it touched. Every step is idempotent, so a retried run redoes the work and writes nothing twice.
 */
@Injectable()
export class MatchRunService {
  private readonly logger = new Logger(MatchRunService.name);

  constructor(
    private readonly sql: SqlService,
    private readonly jobs: JobQueueService,
    private readonly features: FeatureRefreshService,
    private readonly models: ModelService,
    private readonly tf: TermFrequencyService,
    private readonly pass: MatchingPassService,
    private readonly entities: EntityService,
    private readonly blocking: BlockingService,
  ) {}

  async execute(runId: string, options: { refreshTaxpayers: boolean; batchId: string | null }): Promise<RunStats> {
    const run = await this.sql.query<{ state: string; retrain: boolean }>(`SELECT state, retrain FROM match_runs WHERE id = $1`, [runId]);
    if (run.length === 0) throw new Error(`match run ${runId} does not exist`);
    const stats = await this.sql.withClient(async (client) => {
      // Set-based scoring of whole chunks wants memory for its hash joins (JIT is off for every connection).
      await client.query(`SET work_mem = '256MB'`);
      try {
        return await this.steps(client, runId, run[0].retrain, options);
      } finally {
        await client.query(`RESET work_mem`).catch(() => undefined);
      }
    });
    await refreshPlannerStatistics((text, params) => this.sql.query(text, params), MATCHING_OUTPUT_TABLES);
    await this.jobs.enqueue('reconciliation.reconcile-entities', { runId }, `match-${runId}`);
    return stats;
  }

  private async steps(client: PoolClient, runId: string, retrain: boolean, options: { refreshTaxpayers: boolean; batchId: string | null }): Promise<RunStats> {
    const ms: Record<string, number> = {};
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      try {
        return await work();
      } finally {
        ms[name] = Date.now() - started;
      }
    };
    const taxpayerFeaturesWritten = options.refreshTaxpayers ? await timed('taxpayerFeatures', () => this.features.refreshTaxpayers(client, options.batchId)) : 0;
    if (taxpayerFeaturesWritten > 0) {
      await timed('affectedSellers', () => addSellersAffectedByTaxpayers(client, runId));
      await this.refreshReferenceStats(client, 'link', taxpayerFeaturesWritten);
    }
    const featuresWritten = await timed('sellerFeatures', () => this.features.refreshSellers(client, runId));
    if (featuresWritten > 0) await this.refreshReferenceStats(client, 'dedup', featuresWritten);
    const { rows: planned } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM match_run_sellers WHERE run_id = $1) AS any`, [runId]);
    if (!planned[0].any) {
      // A registry load with no sellers yet: features and statistics are ready; there is nothing to score.
      await this.transaction(client, () => this.finish(client, runId));
      const stats = { ...emptyStats(), taxpayerFeaturesWritten, ms };
      await client.query(`UPDATE match_runs SET stats = $2 WHERE id = $1`, [runId, JSON.stringify(stats)]);
      return stats;
    }
    const linkModel = await timed('linkModel', () => this.models.ensure(client, 'link', retrain));
    const linkTotals = (await this.tf.totals(client, 'link')) ?? (await this.tf.refresh(client, 'link'));
    await this.pass.prepare(client);

    const totals = { sellers: 0, candidates: 0, weakStageSellers: 0, linksChanged: 0, dedupCandidates: 0, edgesWritten: 0 };
    await timed('link', () =>
      this.chunks(client, runId, true, async () => {
        const s = await this.pass.link(client, runId, linkModel, linkTotals);
        totals.sellers += s.sellers;
        totals.candidates += s.candidates;
        totals.weakStageSellers += s.weakStageSellers;
        totals.linksChanged += s.linksChanged;
      }),
    );
    const dedupModel = await timed('dedupModel', () => this.models.ensure(client, 'dedup', retrain));
    const dedupTotals = (await this.tf.totals(client, 'dedup')) ?? (await this.tf.refresh(client, 'dedup'));
    await timed('dedup', () =>
      this.chunks(client, runId, false, async () => {
        const d = await this.pass.dedup(client, dedupModel, dedupTotals);
        totals.dedupCandidates += d.candidates;
        totals.edgesWritten += d.edges;
      }),
    );
    const entity = await timed('entities', () => this.transaction(client, () => this.finish(client, runId)));
    const stats: RunStats = {
      ...totals, featuresWritten, taxpayerFeaturesWritten, linkModel: linkModel.version, dedupModel: dedupModel.version,
      entitySellers: entity.sellers, entitiesTouched: entity.entitiesTouched, membershipsChanged: entity.membershipsChanged, ms,
    };
    await client.query(`UPDATE match_runs SET stats = $2, link_model = $3, dedup_model = $4 WHERE id = $1`, [runId, JSON.stringify(stats), linkModel.version, dedupModel.version]);
    this.logger.log({ runId, ...stats }, 'match run done');
    return stats;
  }

  /**
   * Term frequencies and the block stoplist describe the reference side; after a large change they are recounted
   * (a model's training recounts them anyway).
   */
  private async refreshReferenceStats(client: PoolClient, kind: PairMode, written: number): Promise<void> {
    const table = kind === 'link' ? 'match_taxpayer_features' : 'match_seller_features';
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    const total = Number(rows[0].n);
    const hasStats = (await this.tf.totals(client, kind)) !== null;
    if (hasStats && written < 0.05 * total && total > 50_000) return;
    await this.tf.refresh(client, kind);
    await this.blocking.refreshStoplist(client, kind);
  }

  private async finish(client: PoolClient, runId: string) {
    const entity = await this.entities.assign(client, runId);
    await client.query(
      `UPDATE platform_sellers ps SET matched_version = coalesce(f.version, ps.current_version)
       FROM match_run_sellers rs LEFT JOIN match_seller_features f ON f.seller_id = rs.seller_id
       WHERE rs.run_id = $1 AND ps.id = rs.seller_id AND ps.matched_version IS DISTINCT FROM coalesce(f.version, ps.current_version)`,
      [runId],
    );
    await client.query(`UPDATE match_runs SET state = 'done', finished_at = now() WHERE id = $1`, [runId]);
    return entity;
  }

  /**
   * Fills tmp_match_left with successive chunks of the run's sellers and runs `work` on each in its own transaction.
   * Linking skips sellers an officer confirmed (their link is the officer's); entity edges need features.
   */
  private async chunks(client: PoolClient, runId: string, forLinks: boolean, work: () => Promise<void>): Promise<void> {
    for (let after = '0'; ; ) {
      const done = await this.transaction(client, async () => {
        await client.query(`TRUNCATE tmp_match_left`);
        const filter = forLinks
          ? `NOT EXISTS (SELECT 1 FROM link_decision_state d WHERE d.seller_id = rs.seller_id AND d.decision = 'confirm')`
          : `EXISTS (SELECT 1 FROM match_seller_features f WHERE f.seller_id = rs.seller_id)`;
        const { rows } = await client.query<{ last: string | null }>(
          `WITH chunk AS (
             INSERT INTO tmp_match_left SELECT rs.seller_id FROM match_run_sellers rs
             WHERE rs.run_id = $1 AND rs.seller_id > $2 AND ${filter}
             ORDER BY rs.seller_id LIMIT $3 RETURNING seller_id
           ) SELECT max(seller_id) AS last FROM chunk`,
          [runId, after, CHUNK],
        );
        if (rows[0].last === null) return null;
        await client.query(`ANALYZE tmp_match_left`);
        await work();
        return rows[0].last;
      });
      if (done === null) return;
      after = done;
    }
  }

  private async transaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
