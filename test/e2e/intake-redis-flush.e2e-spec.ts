import { Client } from 'pg';
import { deleteQueuePrefix } from '../support/redis-cleanup';
import { SpawnedProcess } from '../support/processes';
import { testEnv } from '../support/test-config';
import { TestEnv, waitFor } from '../support/test-env';
import { postBatch, settled } from '../integration/intake-support';

function revenueCsv(tag: string, rows: number): string {
  const lines = ['seller_ref,period,gross_revenue,order_count'];
  for (let i = 1; i <= rows; i++) lines.push(`${tag}${i},2026-Q${1 + (i % 3)},${i * 1000},${i % 50}`);
  return lines.join('\n') + '\n';
}

/**
 * Redis keeps nothing across a restart. Only this test's queue prefix is deleted (other tests share the Redis):
 * once while a batch is in the middle of its merge, once while two batches wait for a worker. The database
 * state is what counts: every batch ends with exact counts, the waiting ones brought back by the sweeper.
 */
describe('intake survives a Redis flush', () => {
  let env: TestEnv;
  let platform: { token: string; platformId: string };
  let db: Client;
  const workers: SpawnedProcess[] = [];
  const startWorker = () => {
    const worker = SpawnedProcess.start('worker', testEnv(env.config.database.url, {
      QUEUE_PREFIX: env.config.redis.queuePrefix, STUCK_AFTER_MS: '2000', SWEEPER_INTERVAL_MS: '1000', LOG_LEVEL: 'info',
    }));
    workers.push(worker);
    return worker;
  };
  const count = async (table: string) => Number((await env.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    env = await TestEnv.create({ api: true, worker: false });
    platform = await env.platformToken('Flush Platform');
    db = new Client({ connectionString: env.config.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await db.end();
    await env.close();
  });

  it('finishes a batch whose queue keys vanish in the middle of its merge, exactly once', async () => {
    await db.query('BEGIN');
    await db.query(`INSERT INTO platform_sellers (platform_id, seller_ref) VALUES ($1, 'M500')`, [platform.platformId]);
    const batch = await postBatch(env, platform.token, { kind: 'revenue', type: 'csv', body: revenueCsv('M', 1000) });
    const worker = startWorker();
    // Asked on another connection: inside the open transaction pg_stat_activity is a frozen snapshot.
    await waitFor(async () => (await env.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`))[0].n > 0, 30_000);
    expect(await deleteQueuePrefix(env.config.redis.url, env.config.redis.queuePrefix)).toBeGreaterThan(0);
    await db.query('ROLLBACK');

    const status = await settled(env, platform.token, batch.body.id, 60_000);
    expect(status.counts).toEqual({ rows: 1000, accepted: 1000, rejected: 0, warned: 0 });
    expect([await count('revenue_observations'), await count('current_revenue')]).toEqual([1000, 1000]);
    worker.signal('SIGTERM');
    await worker.exited;
  }, 120_000);

  it('re-enqueues batches whose jobs were lost before any worker took them, from the database state', async () => {
    const one = await postBatch(env, platform.token, { kind: 'revenue', type: 'csv', body: revenueCsv('W', 500) });
    const two = await postBatch(env, platform.token, { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nW1,Waiting One\nW2,Waiting Two\n' });
    expect([one.status, two.status]).toEqual([202, 202]);
    expect(await deleteQueuePrefix(env.config.redis.url, env.config.redis.queuePrefix)).toBeGreaterThan(0);

    const worker = startWorker();
    const first = await settled(env, platform.token, one.body.id, 60_000);
    const second = await settled(env, platform.token, two.body.id, 60_000);
    expect(first.counts).toEqual({ rows: 500, accepted: 500, rejected: 0, warned: 0 });
    expect(second.counts).toEqual({ rows: 2, accepted: 2, rejected: 0, warned: 0 });
    for (const id of [one.body.id, two.body.id]) {
      expect(worker.output).toMatch(new RegExp(`"batchId":"${id}"[^\\n]*"msg":"sweeper re-enqueues a stuck batch"`));
    }
    expect([await count('revenue_observations'), await count('seller_observations'), await count('platform_sellers')]).toEqual([1500, 2, 1500]);
    // And they go on through matching to the end, though their intake jobs were lost.
    await waitFor(async () => Number((await env.dataSource.query(`SELECT count(*) AS n FROM batches WHERE state = 'done'`))[0].n) === 3, 60_000, 500);
  }, 120_000);
});
