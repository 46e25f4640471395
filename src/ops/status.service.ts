import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import { JobQueueService } from '../jobs/job-queue.service';
import { QueueCountsDto, StatusDto, UnfinishedBatchDto } from './ops.dto';

const LISTED_BATCHES = 100;

/** What an operator or a script needs to tell whether the system is idle. */
@Injectable()
export class StatusService {
  constructor(
    private readonly jobs: JobQueueService,
    private readonly sql: SqlService,
  ) {}

  async status(): Promise<StatusDto> {
    const [queues, batches, countRow] = await Promise.all([
      this.queueCounts(),
      this.sql.query<UnfinishedBatchDto>(
        `SELECT b.id, b.kind, b.state, p.code AS "platformCode", b.rows_total AS "rowsTotal",
                b.created_at AS "createdAt", b.updated_at AS "updatedAt"
           FROM batches b LEFT JOIN platforms p ON p.id = b.platform_id
          WHERE b.state NOT IN ('done', 'failed')
          ORDER BY b.created_at LIMIT ${LISTED_BATCHES}`,
      ),
      this.sql.query<{ count: string }>(`SELECT count(*) FROM batches WHERE state NOT IN ('done', 'failed')`),
    ]);
    const unfinishedBatchCount = Number(countRow[0].count);
    const busy = queues.some((q) => q.waiting + q.active + q.delayed + q.prioritized > 0);
    return {
      idle: !busy && unfinishedBatchCount === 0,
      queues,
      unfinishedBatches: batches,
      unfinishedBatchCount,
      checkedAt: new Date().toISOString(),
    };
  }

  async queueCounts(): Promise<QueueCountsDto[]> {
    return Promise.all(
      this.jobs.allQueues().map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        return {
          name: queue.name,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          prioritized: counts.prioritized ?? 0,
        };
      }),
    );
  }
}
