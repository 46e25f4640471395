import { z } from 'zod';

// Development defaults let `npm run demo` work on a fresh clone; production refuses them (see load-config).
export const DEV_SECRET_DEFAULTS = {
  CREDENTIAL_PEPPER: 'dev-only-credential-pepper-change-me-000000',
  PII_ENCRYPTION_KEY: '00'.repeat(31) + '01',
  PII_INDEX_KEY: '00'.repeat(31) + '02',
} as const;

const urlWithScheme = (schemes: string[]) =>
  z.string().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);

const hexKey32 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes)');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/ecomtax'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, _ and - only').default('ecomtax'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CREDENTIAL_PEPPER: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRET_DEFAULTS.CREDENTIAL_PEPPER),
  PII_ENCRYPTION_KEY: hexKey32.default(DEV_SECRET_DEFAULTS.PII_ENCRYPTION_KEY),
  PII_INDEX_KEY: hexKey32.default(DEV_SECRET_DEFAULTS.PII_INDEX_KEY),
  MAX_BATCH_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024 * 1024),
  SWEEPER_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  STUCK_AFTER_MS: z.coerce.number().int().min(1000).default(120_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1000).default(30_000),
  MATCH_AUTO_THRESHOLD: z.coerce.number().gt(0).lt(1).default(0.99),
  MATCH_REVIEW_THRESHOLD: z.coerce.number().gt(0).lt(1).default(0.5),
  MATCH_AMBIGUITY_MARGIN_BITS: z.coerce.number().min(0).max(30).default(3),
  CASE_RESPONSE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

export type RawConfig = z.infer<typeof configSchema>;
