import { Injectable, Logger } from '@nestjs/common';
import { JobQueueService } from '../jobs/job-queue.service';
import { JOB_QUEUES, JobName } from '../jobs/job-registry';

/**
 * Jobs that other capabilities want after a reconciliation run changed figures, by name. A job that is not (yet) in
 * the job registry is skipped, so the capability plugs in by registering its job and handler, without any edit
 * here. Payloads follow the contract below (ids and years only).
 */
export const FOLLOW_UP_JOBS: ReadonlyArray<{ name: string; payload: (taxYears: number[]) => Record<string, unknown> }> = [
  // Self-declaration statistics (issue 8): `stats.refresh { taxYears: number[] }`.
  { name: 'stats.refresh', payload: (taxYears) => ({ taxYears }) },
];

@Injectable()
export class ReconciliationFollowUps {
  private readonly logger = new Logger(ReconciliationFollowUps.name);

  constructor(private readonly jobs: JobQueueService) {}

  /** After the run committed: enqueue each registered follow-up once per run (deterministic key). */
  async afterRun(runId: string, taxYears: number[]): Promise<string[]> {
    if (taxYears.length === 0) return [];
    const years = [...new Set(taxYears)].sort();
    const enqueued: string[] = [];
    for (const job of FOLLOW_UP_JOBS) {
      if (!Object.prototype.hasOwnProperty.call(JOB_QUEUES, job.name)) continue;
      const name = job.name as JobName;
      await this.jobs.enqueue(name, job.payload(years) as never, `after-${runId}`);
      enqueued.push(job.name);
    }
    if (enqueued.length) this.logger.log({ runId, taxYears: years, enqueued }, 'reconciliation follow-ups enqueued');
    return enqueued;
  }
}
