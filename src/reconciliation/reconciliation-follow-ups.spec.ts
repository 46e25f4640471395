import { JobQueueService } from '../jobs/job-queue.service';
import { JOB_QUEUES, QueueName } from '../jobs/job-registry';
import { ReconciliationFollowUps } from './reconciliation-follow-ups';

describe('follow-up jobs after a reconciliation run', () => {
  const queues = JOB_QUEUES as Record<string, QueueName>;
  const registered = queues['stats.refresh'];
  const enqueued: unknown[][] = [];
  const jobs = { enqueue: async (...args: unknown[]) => void enqueued.push(args) } as unknown as JobQueueService;
  const followUps = new ReconciliationFollowUps(jobs);
  afterEach(() => {
    enqueued.length = 0;
    if (registered) queues['stats.refresh'] = registered;
    else delete queues['stats.refresh'];
  });

  it('skips stats.refresh while no capability registered it', async () => {
    delete queues['stats.refresh'];
    expect(await followUps.afterRun('run-1', [2025])).toEqual([]);
    expect(enqueued).toEqual([]);
  });

  it('enqueues stats.refresh { taxYears } once it is in the job registry, keyed by the run', async () => {
    queues['stats.refresh'] = QueueName.Stats;
    expect(await followUps.afterRun('run-2', [2026, 2025, 2026])).toEqual(['stats.refresh']);
    expect(enqueued).toEqual([['stats.refresh', { taxYears: [2025, 2026] }, 'after-run-2']]);
    expect(await followUps.afterRun('run-3', [])).toEqual([]);
  });
});
