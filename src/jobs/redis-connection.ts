import type { RedisOptions } from 'bullmq';

/** BullMQ connection options from REDIS_URL. Workers need maxRetriesPerRequest: null (they block on Redis). */
export function redisOptions(redisUrl: string): RedisOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}
