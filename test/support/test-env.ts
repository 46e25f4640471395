import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CredentialService } from '../../src/auth/credential.service';
import { AppConfig } from '../../src/config/app-config';
import { UserRole } from '../../src/auth/role';
import { createHttpApp } from '../../src/http-app';
import { createWorkerApp } from '../../workers/worker-app';
import { deleteQueuePrefix } from './redis-cleanup';
import { testConfig } from './test-config';
import { createTestDatabase, TestDatabase } from './test-database';

/**
 * One test file's world: a migrated database of its own, its own queue prefix, the API (and, when asked,
 * an in-process worker) wired exactly as in production.
 */
export class TestEnv {
  api?: INestApplication;
  worker?: INestApplicationContext;

  private constructor(
    readonly db: TestDatabase,
    readonly config: AppConfig,
  ) {}

  static async create(options: { api?: boolean; worker?: boolean; env?: Record<string, string> } = {}): Promise<TestEnv> {
    const db = await createTestDatabase();
    const env = new TestEnv(db, testConfig(db.url, options.env));
    if (options.api !== false) {
      env.api = await createHttpApp(env.config, { logs: false });
      await env.api.init();
    }
    if (options.worker) env.worker = await createWorkerApp(env.config, { logs: false });
    return env;
  }

  get http() {
    if (!this.api) throw new Error('this TestEnv has no API');
    return this.api.getHttpServer();
  }

  get dataSource(): DataSource {
    return (this.api ?? this.worker)!.get(DataSource);
  }

  credentials(): CredentialService {
    return (this.api ?? this.worker)!.get(CredentialService);
  }

  async platformToken(name: string): Promise<{ token: string; platformId: string }> {
    const issued = await this.credentials().createPlatform(name);
    return { token: issued.token, platformId: issued.platform.id };
  }

  async userToken(name: string, role: UserRole): Promise<string> {
    return (await this.credentials().createUser(name, role)).token;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.api?.close();
    await deleteQueuePrefix(this.config.redis.url, this.config.redis.queuePrefix);
    await this.db.drop();
  }
}

/** Polls until `check` returns a truthy value or the time runs out (with a sleep between tries). */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 20_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(last)})`);
}
