import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * Every test run gets its own databases: global setup migrates a template once (real migrations),
 * each test file clones it, and teardown drops everything the run created.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DB_PREFIX = 'ect_t_';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function newRunId(): string {
  return `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

/** Clones the run's migrated template into a fresh database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const runId = process.env.ECT_TEST_RUN_ID;
  const template = process.env.ECT_TEST_TEMPLATE_DB;
  if (!runId || !template) throw new Error('test global setup did not run (ECT_TEST_RUN_ID missing)');
  const name = `${TEST_DB_PREFIX}${runId}_${process.pid}_${++counter}_${randomBytes(2).toString('hex')}`;
  await withAdminClient(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two files cloning the same template at once can collide; wait and retry.
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops this run's databases, and any left by runs that died more than six hours ago. */
export async function dropRunDatabases(runId: string | undefined): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    const staleBefore = Math.floor(Date.now() / 1000) - 6 * 3600;
    for (const { datname } of rows) {
      const started = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      const ours = runId !== undefined && datname.startsWith(`${TEST_DB_PREFIX}${runId}`);
      if (ours || (Number.isFinite(started) && started < staleBefore)) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });
}
