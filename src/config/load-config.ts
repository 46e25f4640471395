import { AppConfig } from './app-config';
import { configSchema, DEV_SECRET_DEFAULTS, RawConfig } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once and returns the typed configuration, or throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const productionProblems = raw.NODE_ENV === 'production' ? devSecretsInUse(raw) : [];
  if (productionProblems.length > 0) throw new ConfigError(productionProblems);
  return toAppConfig(raw);
}

function devSecretsInUse(raw: RawConfig): string[] {
  return (Object.keys(DEV_SECRET_DEFAULTS) as (keyof typeof DEV_SECRET_DEFAULTS)[])
    .filter((name) => raw[name] === DEV_SECRET_DEFAULTS[name])
    .map((name) => `${name} must be set in production (the development default is public)`);
}

function toAppConfig(raw: RawConfig): AppConfig {
  return {
    env: raw.NODE_ENV,
    port: raw.PORT,
    database: { url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE },
    redis: { url: raw.REDIS_URL, queuePrefix: raw.QUEUE_PREFIX },
    logLevel: raw.LOG_LEVEL,
    secrets: {
      credentialPepper: raw.CREDENTIAL_PEPPER,
      piiEncryptionKey: Buffer.from(raw.PII_ENCRYPTION_KEY, 'hex'),
      piiIndexKey: Buffer.from(raw.PII_INDEX_KEY, 'hex'),
    },
    intake: {
      maxBatchBytes: raw.MAX_BATCH_BYTES,
      sweeperIntervalMs: raw.SWEEPER_INTERVAL_MS,
      stuckAfterMs: raw.STUCK_AFTER_MS,
    },
    worker: { concurrency: raw.WORKER_CONCURRENCY, shutdownGraceMs: raw.SHUTDOWN_GRACE_MS },
    matching: {
      autoThreshold: raw.MATCH_AUTO_THRESHOLD,
      reviewThreshold: Math.min(raw.MATCH_REVIEW_THRESHOLD, raw.MATCH_AUTO_THRESHOLD),
      ambiguityMarginBits: raw.MATCH_AMBIGUITY_MARGIN_BITS,
    },
    cases: { responseDays: raw.CASE_RESPONSE_DAYS },
  };
}

/** For process entry points: load or print the problems and exit non-zero. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
