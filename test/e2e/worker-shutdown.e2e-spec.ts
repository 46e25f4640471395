import { Queue } from 'bullmq';
import request from 'supertest';
import { jobId } from '../../src/jobs/job-options';
import { QueueName } from '../../src/jobs/job-registry';
import { SpawnedProcess } from '../support/processes';
import { testEnv } from '../support/test-config';
import { TestEnv, waitFor } from '../support/test-env';

/** SIGTERM in the middle of a job: the job finishes (or is retried elsewhere); it is never lost or falsely completed. */
describe('worker shutdown', () => {
  let env: TestEnv;
  let admin: string;
  let queue: Queue;
  const workers: SpawnedProcess[] = [];

  const workerEnv = (overrides: Record<string, string> = {}) =>
    testEnv(env.config.database.url, { QUEUE_PREFIX: env.config.redis.queuePrefix, LOG_LEVEL: 'info', ...overrides });
  const startWorker = async (overrides?: Record<string, string>) => {
    const worker = SpawnedProcess.start('worker', workerEnv(overrides));
    workers.push(worker);
    await waitFor(async () => (await queue.getWorkers()).length > 0, 20_000);
    return worker;
  };
  const probe = async (id: string) => (await request(env.http).get(`/v1/ops/probes/${id}`).set('Authorization', `Bearer ${admin}`)).body;
  const requestProbe = async (durationMs: number) =>
    (await request(env.http).post('/v1/ops/probes').set('Authorization', `Bearer ${admin}`).send({ durationMs }).expect(201)).body.id as string;

  beforeAll(async () => {
    env = await TestEnv.create();
    admin = await env.userToken('shutdown-admin', 'admin');
    queue = new Queue(QueueName.Ops, { connection: { url: env.config.redis.url }, prefix: env.config.redis.queuePrefix });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await queue.close();
    await env.close();
  });

  it('lets the active job finish before exiting on SIGTERM', async () => {
    const worker = await startWorker();
    const id = await requestProbe(3000);
    await waitFor(async () => (await probe(id)).startedAt);
    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(0);

    const finished = await probe(id);
    expect(finished.finishedAt).not.toBeNull();
    expect(finished.runs).toBe(1);
    expect(await (await queue.getJob(jobId('ops.probe', id)))?.getState()).toBe('completed');
    expect(worker.output).toContain(id); // the job's own log lines carry the probe id…
    expect(worker.output).toMatch(/"correlationId":"[0-9a-f-]{36}"/); // …and the request's correlation id
  }, 60_000);

  it('hands a job that outlasts the grace period to the next worker, which runs it again', async () => {
    const impatient = await startWorker({ SHUTDOWN_GRACE_MS: '1000' });
    const id = await requestProbe(5000);
    await waitFor(async () => (await probe(id)).startedAt);
    impatient.signal('SIGTERM');
    expect(await impatient.exited).not.toBe(0);

    const cut = await probe(id);
    expect(cut.finishedAt).toBeNull(); // it did not run to the end…
    expect(await (await queue.getJob(jobId('ops.probe', id)))?.getState()).not.toBe('completed'); // …so it is not completed

    await startWorker();
    const rerun = await waitFor(async () => {
      const current = await probe(id);
      return current.finishedAt ? current : undefined;
    }, 60_000, 500);
    expect(rerun.runs).toBe(2);
    await waitFor(async () => (await (await queue.getJob(jobId('ops.probe', id)))?.getState()) === 'completed', 10_000);
  }, 90_000);
});
