/**
 * The one typed registry of queues, job names and payloads. Payloads carry ids, never row data:
 * handlers re-read state from PostgreSQL and guard on it, so a job may run twice harmlessly.
 * Add a job here, give it a handler with @JobHandler, and the worker refuses to boot until you do.
 */
export enum QueueName {
  Intake = 'intake',
  Matching = 'matching',
  Reconciliation = 'reconciliation',
  Stats = 'stats',
  Ops = 'ops',
}

export interface JobPayloads {
  /** Validate a received batch's staging rows and merge them into versioned observations (src/intake). */
  'intake.process-batch': { batchId: string };
  /** Link the sellers a loaded batch added or changed, or re-match the sellers a registry batch can affect. */
  'matching.match-batch': { batchId: string };
  /** Execute a planned match run (officer decision, full re-run): its sellers are listed in match_run_sellers. */
  'matching.match-run': { runId: string };
  /**
   * Reconcile seller entities (src/reconciliation): the given ones (matching enqueues the entities a run touched),
   * or every entity whose inputs changed since the last scan (`scope: 'changed'`, the default), or all (`'all'`,
   * after a rule change or a filing deadline). Entities whose input fingerprint did not change are skipped.
   */
  'reconciliation.reconcile-entities': { runId: string; entityIds?: string[]; scope?: 'changed' | 'all' };
  /** Refresh the self-declaration figures (src/stats) after a reconciliation run; the years are informational. */
  'stats.refresh': { taxYears: number[] };
  /** A canary that proves workers take, run and finish jobs end to end. */
  'ops.probe': { probeId: string; durationMs: number };
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUES: { readonly [K in JobName]: QueueName } = {
  'intake.process-batch': QueueName.Intake,
  'matching.match-batch': QueueName.Matching,
  'matching.match-run': QueueName.Matching,
  'reconciliation.reconcile-entities': QueueName.Reconciliation,
  'stats.refresh': QueueName.Stats,
  'ops.probe': QueueName.Ops,
};

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
export const ALL_JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];

/** What actually travels in Redis: the payload plus the correlation id of the request that caused it. */
export type JobData<N extends JobName> = JobPayloads[N] & { correlationId?: string };
