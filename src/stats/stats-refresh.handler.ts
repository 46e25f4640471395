import { Injectable, Logger } from '@nestjs/common';
import { JobFailureHandler, JobHandler } from '../jobs/job-handler.decorator';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobData } from '../jobs/job-registry';
import { Sweep } from '../jobs/sweep.decorator';
import { StatsRefreshService } from './stats-refresh.service';

/**
 * `stats.refresh { taxYears }`: enqueued by reconciliation after every run that reconciled something (its
 * FOLLOW_UP_JOBS hook, keyed by the run). The payload's years are informational: what is refreshed is whatever
 * reconciliation re-judged since the stats watermark, so a lost or duplicated job loses or doubles nothing.
 */
@Injectable()
export class StatsRefreshHandler {
  private readonly logger = new Logger(StatsRefreshHandler.name);

  constructor(
    private readonly stats: StatsRefreshService,
    private readonly jobs: JobQueueService,
  ) {}

  @JobHandler('stats.refresh')
  async handle(data: JobData<'stats.refresh'>): Promise<void> {
    await this.stats.refresh({ trigger: 'reconciliation', taxYears: data.taxYears ?? [] });
  }

  @JobFailureHandler('stats.refresh')
  async failed(_data: JobData<'stats.refresh'>, error: Error): Promise<void> {
    await this.stats.recordFailure(error);
  }

  /** What Redis lost: reconciliation re-judged entities the stats have not caught up with. One job per minute at most. */
  @Sweep('stats.refresh')
  async sweep(): Promise<void> {
    if (!(await this.stats.pending())) return;
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString().replace(/[:.]/g, '');
    await this.jobs.enqueue('stats.refresh', { taxYears: [] }, `sweep-${minute}`);
    this.logger.debug({ minute }, 'stats refresh enqueued by the sweep');
  }
}
