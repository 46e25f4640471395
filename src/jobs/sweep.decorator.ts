import { SetMetadata } from '@nestjs/common';

export const SWEEP_KEY = 'ect:sweep';

/**
 * Marks a provider method the workers call every SWEEPER_INTERVAL_MS. A sweep reads the database for
 * work whose state has not moved (a batch still `received` after a Redis restart, say) and re-enqueues it
 * with the same deterministic job id. Sweeps must be idempotent; one worker sweeps at a time.
 */
export const Sweep = (name: string) => SetMetadata(SWEEP_KEY, name);
