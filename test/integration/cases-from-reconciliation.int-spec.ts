import request from 'supertest';
import { formatVnd } from '../../src/cases/letter/letter-content';
import { ReconciliationService } from '../../src/reconciliation/reconciliation.service';
import { TestEnv } from '../support/test-env';
import { ReconFixture } from './reconciliation-fixtures';

const M = 1_000_000n;

/** A case proposed by the real reconciliation, worked by an officer: queue, evidence, transitions, letter, staleness. */
describe('cases proposed by reconciliation', () => {
  let env: TestEnv;
  let fx: ReconFixture;
  let officer: string;
  let entity: string;
  let shops: string[];

  const run = () => env.api!.get(ReconciliationService).run({ runId: `t-${Math.random().toString(36).slice(2)}`, trigger: 'manual', scope: 'all', asOf: '2026-11-23' });
  const as = () => ({
    get: (path: string) => request(env.http).get(path).set('Authorization', `Bearer ${officer}`),
    post: (path: string, body: object) => request(env.http).post(path).set('Authorization', `Bearer ${officer}`).send(body),
  });

  beforeAll(async () => {
    env = await TestEnv.create();
    fx = new ReconFixture(env.dataSource);
    officer = await env.userToken('officer-recon', 'officer');
    shops = [await fx.seller('chomoi', 'U1', { taxCode: '0100109106' }), await fx.seller('phomua', 'U2', { taxCode: '0100109106' })];
    const taxpayer = await fx.taxpayer(['0100109106']);
    for (const n of [1, 2, 3, 4]) {
      await fx.revenue(shops[0], `2025-Q${n}`, { gross: 100n * M });
      await fx.declaration('0100109106', `2025-Q${n}`, 20n * M);
    }
    await fx.revenue(shops[1], '2025-Q2', { gross: 60n * M });
    entity = await fx.entity(shops, { band: 'auto', taxpayerId: taxpayer, score: '0.990000' });
    await run();
  });
  afterAll(() => env.close());

  it('shows the proposed case in the queue with its platforms, and its evidence from reconciliation’s rows', async () => {
    const queue = (await as().get('/v1/cases?platform=phomua&signal=UNDER_DECLARED').expect(200)).body;
    expect(queue.items).toHaveLength(1);
    const summary = queue.items[0];
    expect(summary).toMatchObject({ entityId: entity, taxYear: 2025, status: 'open', platforms: ['chomoi', 'phomua'], signalCodes: ['UNDER_DECLARED'] });
    expect(BigInt(summary.estimatedTaxAtRisk)).toBeGreaterThan(0n);

    const evidence = (await as().get(`/v1/cases/${summary.id}`).expect(200)).body;
    expect(evidence.revenue.map((r: any) => `${r.platform} ${r.period} ${r.net}`)).toEqual([
      'chomoi 2025-Q1 100000000', 'chomoi 2025-Q2 100000000', 'phomua 2025-Q2 60000000', 'chomoi 2025-Q3 100000000', 'chomoi 2025-Q4 100000000',
    ]);
    expect(evidence.revenue.every((r: any) => r.observationIds.length === 1)).toBe(true);
    expect(evidence.declarations.map((d: any) => d.declaredRevenue)).toEqual(['20000000', '20000000', '20000000', '20000000']);
    const year = evidence.periods.find((p: any) => p.kind === 'year');
    expect(year).toMatchObject({ platformNet: '460000000', declaredRevenue: '80000000', shopCount: 2, platformCount: 2 });
    const signal = evidence.signals.find((s: any) => s.code === 'UNDER_DECLARED');
    expect(signal).toMatchObject({ state: 'active', estimatedTaxAtRisk: summary.estimatedTaxAtRisk, ruleVersion: expect.any(Number) });
    expect(evidence.shops.map((s: any) => s.sellerId)).toEqual(shops);
  });

  it('lets an officer confirm and draft the letter, and refuses a decision on evidence that changed since', async () => {
    const [c] = await env.dataSource.query(`SELECT id, estimated_tax_at_risk::text AS estimate FROM cases WHERE entity_id = $1`, [entity]);
    await as().post(`/v1/cases/${c.id}/transitions`, { to: 'in_review', version: 1 }).expect(200);
    await as().post(`/v1/cases/${c.id}/transitions`, { to: 'confirmed', version: 2 }).expect(200);
    const letter = (await as().get(`/v1/cases/${c.id}/letter`).expect(200)).text;
    expect(letter).toContain(formatVnd(c.estimate));
    expect(letter).toContain(formatVnd('460000000'));

    // New platform data: reconciliation updates the evidence and the version; the officer's next move must be re-decided.
    await fx.revenue(shops[1], '2025-Q3', { gross: 90n * M });
    await run();
    const [after] = await env.dataSource.query(`SELECT version, status, estimated_tax_at_risk::text AS estimate FROM cases WHERE id = $1`, [c.id]);
    expect(after.status).toBe('confirmed');
    expect(after.version).toBe(4);
    const stale = await as().post(`/v1/cases/${c.id}/transitions`, { to: 'notified', version: 3 });
    expect(stale.body.code).toBe('CASE_VERSION_STALE');
    const [queued] = await env.dataSource.query(`SELECT estimate::text, version FROM case_queue WHERE case_id = $1`, [c.id]);
    expect(queued).toEqual({ estimate: after.estimate, version: 4 });
  });
});
