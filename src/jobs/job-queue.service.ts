import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RequestContext } from '../common/request-context';
import { DEFAULT_JOB_OPTIONS, jobId } from './job-options';
import { JOB_QUEUES, JobName, JobPayloads, QueueName } from './job-registry';

/**
 * Enqueues typed jobs. Call it only after the transaction that made the work exists has committed:
 * the database is the source of truth and each module's sweeper re-enqueues what Redis lost.
 */
@Injectable()
export class JobQueueService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Intake) intake: Queue,
    @InjectQueue(QueueName.Matching) matching: Queue,
    @InjectQueue(QueueName.Reconciliation) reconciliation: Queue,
    @InjectQueue(QueueName.Stats) stats: Queue,
    @InjectQueue(QueueName.Ops) ops: Queue,
  ) {
    this.queues = {
      [QueueName.Intake]: intake,
      [QueueName.Matching]: matching,
      [QueueName.Reconciliation]: reconciliation,
      [QueueName.Stats]: stats,
      [QueueName.Ops]: ops,
    };
  }

  /** `key` makes the job id deterministic (e.g. the batch id); the same key while the job waits is a no-op. */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], key: string, options: { delayMs?: number } = {}): Promise<void> {
    const data = { ...payload, correlationId: RequestContext.correlationId() };
    await this.queue(name).add(name, data, { ...DEFAULT_JOB_OPTIONS, jobId: jobId(name, key), delay: options.delayMs });
  }

  queue(nameOrQueue: JobName | QueueName): Queue {
    const queueName = (JOB_QUEUES as Record<string, QueueName>)[nameOrQueue] ?? (nameOrQueue as QueueName);
    return this.queues[queueName];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
