import { JobQueueService } from '../../src/jobs/job-queue.service';
import { ReconcileEntitiesHandler } from '../../src/reconciliation/reconcile-entities.handler';
import { TestEnv, waitFor } from '../support/test-env';
import { ReconFixture } from './reconciliation-fixtures';

const M = 1_000_000n;

/** The job and its sweep in a real worker: data nobody announced is found, and a job run twice changes nothing. */
describe('reconciliation jobs', () => {
  let env: TestEnv;
  let fx: ReconFixture;
  const q = (sql: string, params: unknown[] = []) => env.dataSource.query(sql, params);
  const state = async (entity: string) =>
    q(`SELECT (SELECT count(*)::int FROM cases WHERE entity_id = $1) AS cases,
              (SELECT count(*)::int FROM signals WHERE entity_id = $1) AS signals,
              (SELECT count(*)::int FROM case_events ev JOIN cases c ON c.id = ev.case_id WHERE c.entity_id = $1) AS events,
              (SELECT max(updated_at) FROM signals WHERE entity_id = $1) AS touched`, [entity]);

  beforeAll(async () => {
    env = await TestEnv.create({ api: false, worker: true });
    fx = new ReconFixture(env.dataSource);
  });
  afterAll(() => env.close());

  it('reconciles data that arrived without any job, through the sweep', async () => {
    const seller = await fx.seller('chomoi', 'SW1');
    await fx.revenue(seller, '2025-Q2', { gross: 300n * M });
    const entity = await fx.entity([seller], { band: 'none' });
    await waitFor(async () => (await q(`SELECT 1 FROM signals WHERE entity_id = $1 AND code = 'UNREGISTERED'`, [entity])).length > 0, 30_000);
    await waitFor(async () => (await q(`SELECT 1 FROM cases WHERE entity_id = $1`, [entity])).length === 1, 10_000);
    const [{ runs }] = await q(`SELECT count(*)::int AS runs FROM reconciliation_runs WHERE finished_at IS NOT NULL`);
    expect(runs).toBeGreaterThan(0);
  });

  it('runs the same job twice with one outcome', async () => {
    const seller = await fx.seller('phomua', 'JB1', { taxCode: '0100109106' });
    const taxpayer = await fx.taxpayer(['0100109106']);
    await fx.revenue(seller, '2025-Q3', { gross: 500n * M });
    await fx.declaration('0100109106', '2025-Q3', 100n * M);
    const entity = await fx.entity([seller], { band: 'auto', taxpayerId: taxpayer, score: '0.990000' });
    const handler = env.worker!.get(ReconcileEntitiesHandler);
    await handler.handle({ runId: 'matching-run-1', entityIds: [entity] });
    const first = await state(entity);
    expect(first[0]).toMatchObject({ cases: 1, signals: 1, events: 1 });
    await handler.handle({ runId: 'matching-run-1', entityIds: [entity] });
    await env.worker!.get(JobQueueService).enqueue('reconciliation.reconcile-entities', { runId: 'matching-run-2', entityIds: [entity] }, 'matching-run-2');
    await waitFor(async () => (await q(`SELECT 1 FROM reconciliation_runs WHERE run_id = 'matching-run-2' AND finished_at IS NOT NULL`)).length > 0);
    expect(await state(entity)).toEqual(first);
    expect((await q(`SELECT code FROM signals WHERE entity_id = $1`, [entity])).map((r: { code: string }) => r.code)).toEqual(['UNDER_DECLARED']);
  });
});
