import { Client } from 'pg';
import { SpawnedProcess } from '../support/processes';
import { testEnv } from '../support/test-config';
import { TestEnv, waitFor } from '../support/test-env';
import { batchStatus, postBatch, settled } from '../integration/intake-support';

const ROWS = 3000;

/** Sellers CSV of `rows` distinct sellers (every 100th row lacks its name: a row error), seeded by `tag`. */
function sellersCsv(tag: string, rows = ROWS): string {
  const lines = ['seller_ref,seller_name,phone,tax_code'];
  for (let i = 1; i <= rows; i++) lines.push(`${tag}${i},${i % 100 === 0 ? '' : `Seller ${i}`},09${String(10_000_000 + i).slice(-8)},`);
  return lines.join('\n') + '\n';
}

/**
 * The worker is SIGKILLed in the middle of a batch's merge transaction (held at a known point by a row lock
 * this test owns), then started again: the batch ends with exactly the input's counts, nothing twice.
 */
describe('intake survives a killed worker', () => {
  let env: TestEnv;
  let platform: { token: string; platformId: string };
  const workers: SpawnedProcess[] = [];
  const startWorker = () => {
    const worker = SpawnedProcess.start('worker', testEnv(env.config.database.url, {
      QUEUE_PREFIX: env.config.redis.queuePrefix, STUCK_AFTER_MS: '600000', LOG_LEVEL: 'info',
    }));
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    env = await TestEnv.create({ api: true, worker: false });
    platform = await env.platformToken('Crash Platform');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await env.close();
  });

  it('finishes the batch with exact counts after SIGKILL mid-merge and a restart', async () => {
    const blocker = new Client({ connectionString: env.config.database.url });
    await blocker.connect();
    try {
      // An uncommitted row with the batch's last seller_ref: the merge, once validation and batch_errors are written,
      // waits on it inside its transaction.
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO platform_sellers (platform_id, seller_ref) VALUES ($1, $2)`, [platform.platformId, `K${ROWS - 1}`]);
      const sent = await postBatch(env, platform.token, { kind: 'sellers', type: 'csv', body: sellersCsv('K') });
      expect(sent.status).toBe(202);

      const first = startWorker();
      // Asked on another connection: inside the blocker's transaction pg_stat_activity is a frozen snapshot.
      await waitFor(async () => {
        const rows = await env.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO platform_sellers%' AND datname = current_database()`,
        );
        return rows[0].n > 0;
      }, 30_000);
      expect((await batchStatus(env, platform.token, sent.body.id)).state).toBe('parsing');
      first.signal('SIGKILL');
      await first.exited;
      await blocker.query('ROLLBACK');

      // Nothing of the interrupted transaction is left.
      const { rows: partial } = await blocker.query(
        `SELECT (SELECT count(*) FROM seller_observations)::int AS obs, (SELECT count(*) FROM batch_errors)::int AS errors,
                (SELECT count(*) FROM platform_sellers)::int AS sellers`,
      );
      expect(partial[0]).toEqual({ obs: 0, errors: 0, sellers: 0 });

      startWorker(); // BullMQ finds the dead worker's job stalled once its lock expires, and runs it again
      const status = await settled(env, platform.token, sent.body.id, 90_000);
      expect(status.state).not.toBe('failed');
      expect(status.counts).toEqual({ rows: ROWS, accepted: ROWS - ROWS / 100, rejected: ROWS / 100, warned: 0 });
      const { rows: final } = await blocker.query(
        `SELECT (SELECT count(*) FROM seller_observations)::int AS obs, (SELECT count(*) FROM batch_errors)::int AS errors,
                (SELECT count(*) FROM platform_sellers)::int AS sellers,
                (SELECT count(DISTINCT (seller_id, version))::int FROM seller_observations) AS versions,
                (SELECT count(*) FROM pg_tables WHERE schemaname = 'staging')::int AS staging`,
      );
      expect(final[0]).toEqual({ obs: ROWS - ROWS / 100, errors: ROWS / 100, sellers: ROWS - ROWS / 100, versions: ROWS - ROWS / 100, staging: 0 });
    } finally {
      await blocker.end();
    }
  }, 150_000);
});
