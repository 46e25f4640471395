import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqlService } from '../database/sql.service';
import { JobFailureHandler, JobHandler } from '../jobs/job-handler.decorator';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobData } from '../jobs/job-registry';
import { Sweep } from '../jobs/sweep.decorator';
import { MatchRunService } from './runs/match-run.service';
import { planRun, runIdFor } from './runs/run-planner';

/**
 * `matching.match-batch {batchId}`: a loaded batch moves loaded → matching → done. Its run (id derived from the
 * batch) matches every seller whose current observation is not matched yet; a registry batch also re-matches the
 * sellers its changed taxpayers can affect. `matching.match-run {runId}` executes a run planned elsewhere (an
 * officer decision, a full re-run). Both re-read state and are safe to run twice.
 */
@Injectable()
export class MatchBatchHandler {
  private readonly logger = new Logger(MatchBatchHandler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlService,
    private readonly runs: MatchRunService,
    private readonly jobs: JobQueueService,
  ) {}

  @JobHandler('matching.match-batch')
  async matchBatch(data: JobData<'matching.match-batch'>): Promise<void> {
    const [batch] = await this.sql.query<{ kind: string; state: string }>(`SELECT kind, state FROM batches WHERE id = $1`, [data.batchId]);
    if (!batch) throw new UnrecoverableError(`batch ${data.batchId} does not exist`);
    if (batch.state === 'done' || batch.state === 'failed') return;
    if (batch.state !== 'loaded' && batch.state !== 'matching') throw new Error(`batch ${data.batchId} is ${batch.state}, not loaded yet`);
    await this.sql.execute(`UPDATE batches SET state = 'matching', updated_at = now() WHERE id = $1 AND state = 'loaded'`, [data.batchId]);

    const runId = runIdFor(`batch:${data.batchId}`);
    const planned = await this.sql.withClient((client) => planRun(client, { id: runId, trigger: 'batch', batchId: data.batchId }));
    if (planned !== 'done') {
      const refreshTaxpayers = batch.kind === 'taxpayers' || (await this.registryNeedsFeatures());
      const stats = await this.runs.execute(runId, { refreshTaxpayers, batchId: batch.kind === 'taxpayers' ? data.batchId : null });
      this.logger.log({ batchId: data.batchId, runId, sellers: stats.sellers, linksChanged: stats.linksChanged }, 'batch matched');
    }
    await this.sql.execute(
      `UPDATE batches SET state = 'done', done_at = now(), updated_at = now() WHERE id = $1 AND state = 'matching'`,
      [data.batchId],
    );
  }

  @JobHandler('matching.match-run')
  async matchRun(data: JobData<'matching.match-run'>): Promise<void> {
    const [run] = await this.sql.query<{ state: string; trigger: string }>(`SELECT state, trigger FROM match_runs WHERE id = $1`, [data.runId]);
    if (!run) throw new UnrecoverableError(`match run ${data.runId} does not exist`);
    if (run.state !== 'running') return;
    await this.runs.execute(data.runId, { refreshTaxpayers: run.trigger === 'rerun' || (await this.registryNeedsFeatures()), batchId: null });
  }

  @JobFailureHandler('matching.match-batch')
  async batchFailed(data: JobData<'matching.match-batch'>, error: Error): Promise<void> {
    await this.sql.execute(
      `UPDATE batches SET state = 'failed', failed_at = now(), updated_at = now(), error_code = 'MATCHING_FAILED', error_message = $2
       WHERE id = $1 AND state IN ('loaded', 'matching')`,
      [data.batchId, error.message.slice(0, 500)],
    );
    await this.sql.execute(`UPDATE match_runs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state = 'running'`, [
      runIdFor(`batch:${data.batchId}`),
      error.message.slice(0, 500),
    ]);
  }

  @JobFailureHandler('matching.match-run')
  async runFailed(data: JobData<'matching.match-run'>, error: Error): Promise<void> {
    await this.sql.execute(`UPDATE match_runs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state = 'running'`, [
      data.runId,
      error.message.slice(0, 500),
    ]);
  }

  /** Batches stuck in `matching` and planned runs that never finished (Redis lost them): enqueue them again. */
  @Sweep('matching.stuck')
  async sweep(): Promise<void> {
    const stuckBefore = new Date(Date.now() - this.config.intake.stuckAfterMs);
    const batches = await this.sql.query<{ id: string }>(
      `SELECT id FROM batches WHERE state = 'matching' AND updated_at < $1 ORDER BY updated_at LIMIT 100`,
      [stuckBefore],
    );
    for (const b of batches) await this.jobs.enqueue('matching.match-batch', { batchId: b.id }, b.id);
    const runs = await this.sql.query<{ id: string }>(
      `SELECT id FROM match_runs WHERE state = 'running' AND trigger <> 'batch' AND started_at < $1 ORDER BY started_at LIMIT 100`,
      [stuckBefore],
    );
    for (const r of runs) await this.jobs.enqueue('matching.match-run', { runId: r.id }, r.id);
  }

  /**
   * True when taxpayers exist whose features were never computed (a registry loaded before matching ran): a newer
   * taxpayer id than any with features. Two index lookups, whatever the registry's size.
   */
  private async registryNeedsFeatures(): Promise<boolean> {
    const [row] = await this.sql.query<{ missing: boolean }>(
      `SELECT coalesce((SELECT max(id) FROM taxpayers), 0) > coalesce((SELECT max(taxpayer_id) FROM match_taxpayer_features), 0) AS missing`,
    );
    return row.missing;
  }
}
