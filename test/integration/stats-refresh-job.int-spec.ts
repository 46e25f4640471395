import { StatsRefreshHandler } from '../../src/stats/stats-refresh.handler';
import { TestEnv, waitFor } from '../support/test-env';
import { M, StatsWorld } from './stats-world';

/**
 * The job in a real worker: reconciliation (run by its own sweep) enqueues `stats.refresh` through its follow-up
 * hook, the stats queue runs it, and the job run twice changes nothing.
 */
describe('stats.refresh job', () => {
  let env: TestEnv;
  const q = (sql: string, params: unknown[] = []) => env.dataSource.query(sql, params);
  const totals = () => q(`SELECT period, sellers::int, covered::int, estimated_due::text FROM stats_self_declaration WHERE platform_key = '*' ORDER BY period`);

  beforeAll(async () => {
    env = await TestEnv.create({ api: false, worker: true });
  });
  afterAll(() => env.close());

  it('follows every reconciliation run through the hook, and running it again changes nothing', async () => {
    const world = new StatsWorld(env.dataSource);
    const tb = await world.fx.taxpayer(['0100109106'], { registeredOn: '2020-01-01' });
    const shop = await world.fx.seller('chomoi', 'J1', { taxCode: '0100109106' });
    await world.fx.revenue(shop, '2025-Q2', { gross: 200n * M });
    await world.declare('0100109106', '2025-Q2', 200n * M, 3n * M);
    await world.fx.entity([shop], { band: 'auto', taxpayerId: tb, score: '0.990000' });

    // Nobody enqueues anything: reconciliation's sweep finds the data, its run enqueues stats.refresh.
    await waitFor(async () => (await q(`SELECT 1 FROM stats_refresh_runs WHERE trigger = 'reconciliation' AND finished_at IS NOT NULL`)).length > 0, 60_000);
    await waitFor(async () => (await totals()).length === 2, 20_000);
    const first = await totals();
    expect(first).toEqual([
      { period: '2025', sellers: 1, covered: 1, estimated_due: '3000000' },
      { period: '2025-Q2', sellers: 1, covered: 1, estimated_due: '3000000' },
    ]);

    const handler = env.worker!.get(StatsRefreshHandler);
    await handler.handle({ taxYears: [2025] });
    await handler.handle({ taxYears: [2025] });
    expect(await totals()).toEqual(first);
    expect(await q(`SELECT count(*)::int AS n FROM stats_entity_periods`)).toEqual([{ n: 4 }]); // Q2 and 2025, each under '*' and under chomoi
  });
});
