import request from 'supertest';
import { SqlService } from '../../src/database/sql.service';
import { jobId } from '../../src/jobs/job-options';
import { JobQueueService } from '../../src/jobs/job-queue.service';
import { loadWorld, World } from '../integration/matching-fixtures';
import { SpawnedProcess } from '../support/processes';
import { testEnv } from '../support/test-config';
import { TestEnv, waitFor } from '../support/test-env';

/**
 * Matching through the real worker process: batches enqueued as intake enqueues them reach `done` with links and
 * entities, an officer decision made over HTTP is applied by the worker, and a batch Redis lost is picked up by
 * the sweeper.
 */
describe('matching in the worker process', () => {
  let env: TestEnv;
  let sql: SqlService;
  let worker: SpawnedProcess;
  let world: World;

  const batchState = async (id: string) => (await sql.query<{ state: string }>(`SELECT state FROM batches WHERE id = $1`, [id]))[0].state;
  const done = (id: string) => waitFor(async () => (await batchState(id)) === 'done', 90_000, 200);

  beforeAll(async () => {
    env = await TestEnv.create({ api: true });
    sql = env.api!.get(SqlService);
    worker = SpawnedProcess.start('worker', testEnv(env.db.url, { QUEUE_PREFIX: env.config.redis.queuePrefix, STUCK_AFTER_MS: '1000' }));
    const jobs = env.api!.get(JobQueueService);
    world = await loadWorld(env.dataSource, env.config, async (registryBatch) => {
      await jobs.enqueue('matching.match-batch', { batchId: registryBatch }, registryBatch);
      await done(registryBatch);
    }, 40);
    for (const batchId of Object.values(world.sellerBatches)) await jobs.enqueue('matching.match-batch', { batchId }, batchId);
    for (const batchId of Object.values(world.sellerBatches)) await done(batchId);
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
    await env?.close();
  });

  it('links and groups the sellers of enqueued batches', async () => {
    const [linkRow] = await sql.query(`SELECT taxpayer_id, band FROM seller_links WHERE seller_id = $1`, [world.sellers.hungCaps]);
    expect(linkRow).toEqual({ taxpayer_id: world.taxpayers.hungHcm, band: 'auto' });
    const [{ n }] = await sql.query(`SELECT count(*) AS n FROM seller_entity_members`);
    expect(Number(n)).toBeGreaterThan(0);
  });

  it('applies an officer decision made over HTTP', async () => {
    const officer = await env.userToken('e2e-officer', 'officer');
    const response = await request(env.http)
      .post(`/v1/links/${world.sellers.namesake}/decisions`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ decision: 'confirm', taxpayerId: world.taxpayers.hungHanoi });
    expect(response.status).toBe(202);
    await waitFor(async () => (await sql.query(`SELECT state FROM match_runs WHERE id = $1`, [response.body.runId]))[0]?.state === 'done', 60_000, 200);
    const [linkRow] = await sql.query(`SELECT taxpayer_id, band FROM seller_links WHERE seller_id = $1`, [world.sellers.namesake]);
    expect(linkRow).toEqual({ taxpayer_id: world.taxpayers.hungHanoi, band: 'confirmed' });
  });

  it('finishes a batch left in `matching` whose job Redis lost', async () => {
    const queue = env.api!.get(JobQueueService).queue('matching.match-batch');
    await queue.remove(jobId('matching.match-batch', world.sellerBatches.a)); // what a Redis restart does
    await sql.execute(`UPDATE batches SET state = 'matching', updated_at = now() - interval '1 hour' WHERE id = $1`, [world.sellerBatches.a]);
    await done(world.sellerBatches.a);
    expect(await batchState(world.sellerBatches.a)).toBe('done');
  });
});
