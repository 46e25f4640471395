/**
 * The typed configuration every part of the service receives. Built once at boot by `loadConfig`;
 * nothing else reads process.env.
 */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  database: { url: string; poolSize: number };
  redis: { url: string; queuePrefix: string };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  secrets: {
    credentialPepper: string;
    piiEncryptionKey: Buffer;
    piiIndexKey: Buffer;
  };
  intake: { maxBatchBytes: number; sweeperIntervalMs: number; stuckAfterMs: number };
  worker: { concurrency: number; shutdownGraceMs: number };
  /** Identity resolution: posterior-probability bands and how far the best candidate must lead the next (log2 odds). */
  matching: { autoThreshold: number; reviewThreshold: number; ambiguityMarginBits: number };
  /** Officer case work: days a notified taxpayer has to answer (counted from the Vietnam date of notification). */
  cases: { responseDays: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
