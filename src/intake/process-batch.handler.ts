import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqlService } from '../database/sql.service';
import { JobFailureHandler, JobHandler } from '../jobs/job-handler.decorator';
import { jobId } from '../jobs/job-options';
import { JobData, JobName } from '../jobs/job-registry';
import { JobQueueService } from '../jobs/job-queue.service';
import { Sweep } from '../jobs/sweep.decorator';
import { pgErrorCode } from '../database/pg-errors';
import { BatchMergeService } from './batch-merge.service';

/**
 * `intake.process-batch {batchId}`: received → parsing → loaded, then `matching.match-batch`. The job only
 * carries the id; the batch's state decides what is left to do, so running it twice changes nothing.
 */
@Injectable()
export class ProcessBatchHandler {
  private readonly logger = new Logger(ProcessBatchHandler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlService,
    private readonly merge: BatchMergeService,
    private readonly jobs: JobQueueService,
  ) {}

  @JobHandler('intake.process-batch')
  async process(data: JobData<'intake.process-batch'>): Promise<void> {
    const batch = await this.state(data.batchId);
    if (!batch || !['received', 'parsing', 'loaded'].includes(batch.state)) return;
    if (batch.state !== 'loaded') {
      await this.merge.markParsing(data.batchId);
      // Earlier batches of the same scope go first; whichever job gets there merges them.
      for (let merged = await this.merge.mergeNext(batch.scope); merged; merged = await this.merge.mergeNext(batch.scope)) {
        if (merged.loaded) await this.jobs.enqueue('matching.match-batch', { batchId: merged.id }, merged.id);
        if (merged.id === data.batchId) return;
      }
      if ((await this.state(data.batchId))?.state !== 'loaded') return;
    }
    await this.jobs.enqueue('matching.match-batch', { batchId: data.batchId }, data.batchId);
  }

  @JobFailureHandler('intake.process-batch')
  async failed(data: JobData<'intake.process-batch'>, error: Error): Promise<void> {
    const sqlState = pgErrorCode(error);
    this.logger.error({ batchId: data.batchId, sqlState, errorName: error?.name }, 'batch processing failed for good');
    await this.merge.fail(null, data.batchId, 'PROCESSING_FAILED', `processing failed after retries${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`);
  }

  /** Batches whose state has not moved for STUCK_AFTER_MS get their job again (Redis may have lost it). */
  @Sweep('intake.stuck-batches')
  async sweepStuck(): Promise<void> {
    const stuck = await this.sql.query<{ id: string; state: string }>(
      `SELECT id, state FROM batches WHERE state IN ('received', 'parsing', 'loaded')
          AND updated_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY created_at LIMIT 1000`,
      [this.config.intake.stuckAfterMs],
    );
    for (const batch of stuck) {
      await this.requeue(batch.state === 'loaded' ? 'matching.match-batch' : 'intake.process-batch', batch.id);
    }
  }

  /** Same deterministic id; a finished job left in Redis under that id would block the re-add, so it goes first. */
  private async requeue(name: JobName, batchId: string): Promise<void> {
    const job = await this.jobs.queue(name).getJob(jobId(name, batchId));
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') return;
      await job.remove();
    }
    this.logger.log({ batchId, job: name }, 'sweeper re-enqueues a stuck batch');
    await this.jobs.enqueue(name as 'intake.process-batch', { batchId }, batchId);
  }

  private async state(batchId: string): Promise<{ state: string; scope: string } | undefined> {
    return (await this.sql.query<{ state: string; scope: string }>(`SELECT state, scope FROM batches WHERE id = $1`, [batchId]))[0];
  }
}
