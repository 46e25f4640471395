import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { SqlService } from '../database/sql.service';
import { NotFoundError } from '../common/domain-error';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JobData } from '../jobs/job-registry';
import { JobQueueService } from '../jobs/job-queue.service';
import { OpsProbeEntity } from './ops-probe.entity';

/**
 * A canary job: an operator (or a test) asks for one and watches it start and finish, proving that
 * the API, Redis, the workers and PostgreSQL are wired together. `runs` > 1 shows a retry after a crash.
 */
@Injectable()
export class OpsProbeService {
  private readonly logger = new Logger(OpsProbeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: SqlService,
    private readonly jobs: JobQueueService,
  ) {}

  async request(durationMs: number): Promise<OpsProbeEntity> {
    const probe = await this.dataSource.getRepository(OpsProbeEntity).save({ id: randomUUID(), durationMs, runs: 0 });
    await this.jobs.enqueue('ops.probe', { probeId: probe.id, durationMs }, probe.id);
    return probe;
  }

  async get(id: string): Promise<OpsProbeEntity> {
    const probe = await this.dataSource.getRepository(OpsProbeEntity).findOneBy({ id });
    if (!probe) throw new NotFoundError('PROBE_NOT_FOUND', 'no such probe');
    return probe;
  }

  @JobHandler('ops.probe')
  async run(data: JobData<'ops.probe'>): Promise<void> {
    const started = await this.sql.execute(
      `UPDATE ops_probes SET started_at = coalesce(started_at, now()), runs = runs + 1 WHERE id = $1 AND finished_at IS NULL`,
      [data.probeId],
    );
    if (started === 0) return; // already finished: a second delivery changes nothing
    this.logger.log({ probeId: data.probeId }, 'probe started');
    await sleep(data.durationMs);
    await this.sql.execute(`UPDATE ops_probes SET finished_at = now() WHERE id = $1`, [data.probeId]);
    this.logger.log({ probeId: data.probeId }, 'probe finished');
  }
}
