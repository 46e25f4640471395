import { Processor } from '@nestjs/bullmq';
import { AppConfig } from '../../src/config/app-config';
import { QueueName } from '../../src/jobs/job-registry';
import { QueueProcessor } from '../queue-processor';

// One processor per queue, so each stage scales on its own (more worker processes, or its own concurrency).
// Locks are renewed every 10 s; a worker that dies loses its lock after 20 s, a stalled-job check runs
// every 10 s, and the job is run again (up to 3 stalls before it is failed for an operator to see).
const WORKER_OPTIONS = { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 };

@Processor(QueueName.Intake, WORKER_OPTIONS)
export class IntakeProcessor extends QueueProcessor {}

/** Matching assigns seller entities; one run at a time keeps entity ids stable and merges race-free. */
@Processor(QueueName.Matching, WORKER_OPTIONS)
export class MatchingProcessor extends QueueProcessor {
  protected override concurrency(): number {
    return 1;
  }
}

/**
 * Reconciliation runs one at a time: runs announced together touch the same entities, and in parallel they only
 * queue on each other's entity locks chunk by chunk (measured in the demo: 4 runs in lockstep, 3 of them
 * reconciling nothing). One after another, a later run finds the earlier one's fingerprints and skips.
 */
@Processor(QueueName.Reconciliation, WORKER_OPTIONS)
export class ReconciliationProcessor extends QueueProcessor {
  protected override concurrency(): number {
    return 1;
  }
}

@Processor(QueueName.Stats, WORKER_OPTIONS)
export class StatsProcessor extends QueueProcessor {
  protected override concurrency(): number {
    return 1;
  }
}

@Processor(QueueName.Ops, WORKER_OPTIONS)
export class OpsProcessor extends QueueProcessor {
  protected override concurrency(config: AppConfig): number {
    return Math.max(2, config.worker.concurrency);
  }
}

export const QUEUE_PROCESSORS = [IntakeProcessor, MatchingProcessor, ReconciliationProcessor, StatsProcessor, OpsProcessor];
