import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';

/** A configuration for one test file: its own database and its own BullMQ prefix, so runs never collide. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnv(databaseUrl, overrides));
}

export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `ect_t_${randomBytes(5).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_POOL_SIZE: '4',
    SWEEPER_INTERVAL_MS: '1000',
    ...overrides,
  };
}
