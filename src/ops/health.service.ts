import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueueService } from '../jobs/job-queue.service';
import { HealthDto } from './ops.dto';

const TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
  ) {}

  async check(): Promise<HealthDto> {
    const [postgres, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.jobs.queue('ops.probe').getJobCounts('waiting')),
    ]);
    return { status: postgres.up && redis.up ? 'ok' : 'error', postgres, redis };
  }
}

async function probe(check: () => Promise<unknown>): Promise<{ up: boolean; latencyMs: number; error?: string }> {
  const started = Date.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS))]);
    return { up: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { up: false, latencyMs: Date.now() - started, error: (error as Error).message };
  }
}
