import type { JobsOptions } from 'bullmq';
import { JobName } from './job-registry';

/** Retries with exponential backoff; failed jobs kept a week so operators can see them. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Deterministic job id: the same work enqueued twice (by a request and by the sweeper) is one job while
 * it waits. BullMQ forbids ':' in custom ids.
 */
export function jobId(name: JobName, key: string): string {
  return `${name}__${key}`.replace(/:/g, '_');
}
