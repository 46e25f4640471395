import request from 'supertest';
import { ReconciliationService } from '../../src/reconciliation/reconciliation.service';
import { StatsRefreshService } from '../../src/stats/stats-refresh.service';
import { TestEnv } from '../support/test-env';
import { M, StatsWorld } from './stats-world';

const AS_OF = '2026-11-23';
const COUNT_KEYS = [
  'sellers', 'linked', 'registeredBeforeFirstSeen', 'newlyRegistered', 'pendingLinkReview', 'withDeclaration', 'withWithholding',
  'declaredOrWithheld', 'fullySelfDeclared', 'withCase', 'flaggedUnregistered', 'flaggedNotFiled', 'flaggedUnderDeclared', 'flaggedSplitAcrossPlatforms',
];
const AMOUNT_KEYS = ['platformRevenue', 'declaredRevenue', 'withheldRevenue', 'taxDeclared', 'taxWithheld', 'estimatedDue'];
const counts = (...values: number[]) => Object.fromEntries(COUNT_KEYS.map((k, i) => [k, String(values[i])]));
const amounts = (...values: bigint[]) => Object.fromEntries(AMOUNT_KEYS.map((k, i) => [k, String(values[i])]));

/**
 * The small world of stats-world.ts, reconciled by the real reconciliation and refreshed by the real job code. Every
 * expected figure below is worked out by hand from the world's rows (the comments show the sums); the counts of
 * cases and signals are also compared with the cases and signals tables themselves.
 */
describe('self-declaration figures over a small world', () => {
  let env: TestEnv;
  let world: StatsWorld;
  let stats: StatsRefreshService;
  let officer: string;
  const q = (sql: string, params: unknown[] = []) => env.dataSource.query(sql, params);
  const reconcile = (scope: 'all' | 'changed') =>
    env.api!.get(ReconciliationService).run({ runId: `stats-${Math.random().toString(36).slice(2)}`, trigger: 'manual', scope, asOf: AS_OF });
  const get = async (query: string, token = officer) => (await request(env.http).get(`/v1/stats/${query}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
  const rowsOf = async (query: string) => (await get(`self-declaration?${query}`)).rows as Array<Record<string, any>>;
  const summaryDump = () => q(`SELECT * FROM stats_self_declaration ORDER BY period, platform_key, province, category`);
  const cohortDump = () => q(`SELECT * FROM stats_cohorts ORDER BY first_quarter, platform_key, province, category`);

  beforeAll(async () => {
    env = await TestEnv.create();
    world = new StatsWorld(env.dataSource);
    await world.build();
    await reconcile('all');
    stats = env.api!.get(StatsRefreshService);
    officer = await env.userToken('stats-officer', 'officer');
  });
  afterAll(() => env.close());

  it('counts each seller once per period across all platforms, with every figure computed by hand', async () => {
    const first = await stats.refresh({ trigger: 'manual' });
    expect([first.full, first.entities]).toEqual([true, 8]);
    const rows = await rowsOf('period=2025-Q1,2025-Q2,2025-Q3,2025-Q4,2025');
    const byPeriod = Object.fromEntries(rows.map((r) => [r.period, r]));
    expect(rows.map((r) => r.period)).toEqual(['2025', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    // Q1: A 80M, B 100M, C 60M. Due: A (80M × 1.5 %) 1.2M + B 1.5M + C (60M × 7 %, services) 4.2M.
    expect(byPeriod['2025-Q1'].counts).toEqual(counts(3, 2, 1, 1, 0, 1, 0, 1, 1, 2, 1, 0, 1, 0));
    expect(byPeriod['2025-Q1'].amounts).toMatchObject(amounts(240n * M, 100n * M, 0n, 1_500_000n, 0n, 6_900_000n));
    // Q2: A 70M, B 100M, C 90M, D 300M (review: unknown category → 5 % + 5 %), E 150M − 60M (below the threshold).
    expect(byPeriod['2025-Q2'].counts).toEqual(counts(5, 2, 1, 1, 1, 1, 0, 1, 1, 3, 1, 0, 1, 0));
    expect(byPeriod['2025-Q2'].amounts).toMatchObject(amounts(650n * M, 100n * M, 0n, 1_500_000n, 0n, 1_050_000n + 1_500_000n + 6_300_000n + 30n * M));
    // Q3: B 100M, C 100M (declared 50M), F 20M withheld, G 80M withheld. Due: B 1.5M + C 7M (F, G under the threshold).
    expect(byPeriod['2025-Q3'].counts).toEqual(counts(4, 3, 2, 1, 0, 2, 2, 4, 3, 1, 0, 0, 1, 0));
    expect(byPeriod['2025-Q3'].amounts).toMatchObject(amounts(300n * M, 150n * M, 100n * M, 2_500_001n, 1_500_000n, 8_500_000n));
    // Q4: B 100M declared, H 300M not filed (due 3M + 1.5M).
    expect(byPeriod['2025-Q4'].counts).toEqual(counts(2, 2, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0));
    expect(byPeriod['2025-Q4'].amounts).toMatchObject(amounts(400n * M, 100n * M, 0n, 1_500_000n, 0n, 6n * M));
    // The tax year: every seller once; due = Σ quarters (A 2.25M, B 6M, C 17.5M, D 30M, H 4.5M).
    expect(byPeriod['2025'].counts).toEqual(counts(8, 4, 2, 2, 1, 2, 2, 4, 3, 4, 1, 1, 1, 0));
    expect(byPeriod['2025'].amounts).toMatchObject({ ...amounts(1_590n * M, 450n * M, 100n * M, 7_000_001n, 1_500_000n, 60_250_000n), taxDeclaredAndWithheld: '8500001' });
    expect(byPeriod['2025'].rates).toEqual({
      linked: '0.5000', registeredBeforeFirstSeen: '0.2500', newlyRegistered: '0.2500', declaration: '0.2500', withholding: '0.2500',
      selfDeclaration: '0.5000', fullySelfDeclared: '0.3750', revenueCoverage: '0.3459', taxCoverage: '0.1411',
    });
  });

  it('agrees with the cases and signals reconciliation wrote', async () => {
    const [year] = await rowsOf('period=2025');
    const [{ cases }] = await q(`SELECT count(*)::text AS cases FROM cases WHERE tax_year = 2025`);
    expect(year.counts.withCase).toBe(cases);
    const signals = Object.fromEntries((await q(`SELECT code, count(*)::text AS n FROM signals WHERE tax_year = 2025 AND state = 'active' GROUP BY code`)).map((r: { code: string; n: string }) => [r.code, r.n]));
    expect(year.counts.flaggedUnregistered).toBe(signals.UNREGISTERED ?? '0');
    expect(year.counts.flaggedNotFiled).toBe(signals.NOT_FILED ?? '0');
    expect(year.counts.flaggedUnderDeclared).toBe(signals.UNDER_DECLARED ?? '0');
    // Nothing declared, withheld or estimated differently: for an entity with nothing covered, the year's estimated due
    // is the tax at risk of its case.
    for (const name of ['A', 'H'] as const) {
      const [row] = await q(
        `SELECT f.estimated_due::text AS due, c.estimated_tax_at_risk::text AS at_risk FROM stats_entity_periods f
         JOIN cases c ON c.entity_id = f.entity_id AND c.tax_year = 2025 WHERE f.entity_id = $1 AND f.period = '2025' AND f.platform_key = '*'`,
        [world.entities[name]],
      );
      expect(row.due).toBe(row.at_risk);
    }
    // A seller counted as declaring (or withheld) in full is never flagged NOT_FILED or UNDER_DECLARED.
    const contradictions = await q(
      `SELECT f.entity_id FROM stats_entity_periods f JOIN signals s ON s.entity_id = f.entity_id AND s.tax_year = f.tax_year AND s.state = 'active'
       WHERE f.period_kind = 'year' AND f.platform_key = '*' AND ((f.fully_declared AND s.code IN ('NOT_FILED', 'UNDER_DECLARED')) OR (f.covered AND s.code = 'NOT_FILED'))`,
    );
    expect(contradictions).toEqual([]);
  });

  it('counts a seller on every platform it sold on, and shares its declaration among them to the dong', async () => {
    const rows = await rowsOf('period=2025&groupBy=platform');
    expect(rows.map((r) => r.platform.code)).toEqual(expect.arrayContaining(['chomoi', 'phomua']));
    const byCode = Object.fromEntries(rows.map((r) => [r.platform.code, r]));
    // chomoi: A, B, C, E, G. C's 50M and 1,000,001 are shared 100 : 150 with phomua (the odd dong goes to the larger remainder).
    expect(byCode.chomoi.counts).toEqual(counts(5, 2, 1, 1, 0, 2, 1, 3, 2, 2, 1, 0, 1, 0));
    expect(byCode.chomoi.amounts).toMatchObject(amounts(820n * M, 420n * M, 80n * M, 6_400_000n, 1_200_000n, 15_250_000n));
    expect(byCode.phomua.counts).toEqual(counts(4, 3, 1, 2, 1, 1, 1, 2, 1, 3, 0, 1, 1, 0));
    expect(byCode.phomua.amounts).toMatchObject(amounts(770n * M, 30n * M, 20n * M, 600_001n, 300_000n, 45n * M));
    // Counts do not add across platforms (C sells on both); money does.
    const [total] = await rowsOf('period=2025');
    expect(Number(byCode.chomoi.counts.sellers) + Number(byCode.phomua.counts.sellers)).toBe(Number(total.counts.sellers) + 1);
    for (const key of AMOUNT_KEYS) expect(BigInt(byCode.chomoi.amounts[key]) + BigInt(byCode.phomua.amounts[key])).toBe(BigInt(total.amounts[key]));
    // A platform filter alone gives that platform's row.
    const [only] = await rowsOf('period=2025&platform=phomua');
    expect(only.counts).toEqual(byCode.phomua.counts);
  });

  it('places each seller in one province (34-province codes, old codes mapped) and one category per period', async () => {
    const provinces = Object.fromEntries((await rowsOf('period=2025&groupBy=province')).map((r) => [r.province.code, r.counts.sellers]));
    expect(provinces).toEqual({ '01': '3', '79': '4', unknown: '1' }); // C's larger shop (phomua) is in 01; B's old 74 is now 79
    const q1 = await rowsOf('period=2025-Q1&groupBy=province,category');
    expect(q1.map((r) => [r.province.code, r.category, r.counts.sellers])).toEqual([['79', 'goods', '2'], ['79', 'services', '1']]);
    expect(q1[0].province.name).toBe('Thành phố Hồ Chí Minh');
    const categories = Object.fromEntries((await rowsOf('period=2025&groupBy=category')).map((r) => [r.category, r.counts.sellers]));
    expect(categories).toEqual({ goods: '6', services: '1', unknown: '1' });
    const [filtered] = await rowsOf('period=2025&province=01&category=goods');
    expect(filtered.counts.sellers).toBe('2'); // G and H
  });

  it('follows cohorts by the quarter first seen', async () => {
    const body = await get('cohorts?from=2025-Q1&to=2025-Q4');
    const byCohort = Object.fromEntries((body.rows as Array<Record<string, any>>).map((r) => [r.cohort, r]));
    expect(Object.keys(byCohort)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    // Q1: A, B, C. B registered long before, C in Q2 (one quarter later); B declares in Q1, C in Q3 (two later).
    const q1 = byCohort['2025-Q1'];
    expect(q1.sellers).toBe('3');
    expect([q1.registered.within1Q.count, q1.registered.within2Q.count, q1.registered.within4Q.count, q1.registered.now.count]).toEqual(['2', '2', '2', '2']);
    expect([q1.declaring.within1Q.count, q1.declaring.within2Q.count, q1.declaring.within4Q.count, q1.declaring.now.count]).toEqual(['1', '2', '2', '2']);
    expect(q1.declaring.within1Q).toEqual({ count: '1', rate: '0.3333', windowEnd: '2025-06-30', final: true });
    expect([byCohort['2025-Q2'].sellers, byCohort['2025-Q2'].registered.now.count, byCohort['2025-Q2'].declaring.now.count]).toEqual(['2', '0', '0']);
    // Q3: F (first seen from its revenue, 2025-08), G (2025-07), H. F and H registered; F and G withheld.
    const q3 = byCohort['2025-Q3'];
    expect([q3.sellers, q3.registered.within1Q.count, q3.declaring.within1Q.count]).toEqual(['3', '2', '2']);
    const perPlatform = (await get('cohorts?groupBy=platform')).rows.map((r: Record<string, any>) => [r.cohort, r.platform.code, r.sellers]);
    expect(perPlatform).toEqual(expect.arrayContaining([['2025-Q1', 'chomoi', '3'], ['2025-Q2', 'chomoi', '1'], ['2025-Q2', 'phomua', '1'], ['2025-Q3', 'chomoi', '1'], ['2025-Q3', 'phomua', '2']]));
    expect(perPlatform).toHaveLength(5);
  });

  it('refreshes only what reconciliation re-judged, and a second refresh changes nothing', async () => {
    await world.declare('0101243150', '2025-Q4', 300n * M, 4_500_000n); // H files its Q4 return
    const recon = await reconcile('changed');
    expect(recon.entitiesReconciled).toBe(1);
    const incremental = await stats.refresh({ trigger: 'manual' });
    expect([incremental.full, incremental.entities]).toEqual([false, 1]);
    const [q4] = await rowsOf('period=2025-Q4');
    expect(q4.counts).toEqual(counts(2, 2, 1, 1, 0, 2, 0, 2, 2, 1, 0, 0, 0, 0)); // H's case stays (evidence cleared)
    const [year] = await rowsOf('period=2025');
    expect([year.counts.declaredOrWithheld, year.counts.fullySelfDeclared, year.counts.withCase, year.amounts.taxDeclared]).toEqual(['5', '4', '4', '11500001']);
    const q3 = (await get('cohorts?from=2025-Q3&to=2025-Q3')).rows[0];
    expect(q3.declaring.within1Q.count).toBe('3');

    const [summary, cohorts, facts] = [await summaryDump(), await cohortDump(), await q(`SELECT * FROM stats_entity_periods ORDER BY 1, 2, 3`)];
    const again = await stats.refresh({ trigger: 'manual' });
    expect(again.entities).toBe(0);
    const forced = await stats.refresh({ trigger: 'manual', full: true });
    expect(forced.entities).toBe(8);
    expect(await summaryDump()).toEqual(summary);
    expect(await cohortDump()).toEqual(cohorts);
    expect(await q(`SELECT * FROM stats_entity_periods ORDER BY 1, 2, 3`)).toEqual(facts);
  });

  it('answers CSV, lets auditors read, and refuses malformed queries', async () => {
    const csv = await request(env.http).get('/v1/stats/self-declaration?period=2025&groupBy=platform&format=csv').set('Authorization', `Bearer ${officer}`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    expect(header.slice(0, 8)).toEqual(['period', 'period_kind', 'platform_code', 'platform_name', 'province_code', 'province_name', 'category', 'sellers']);
    const chomoi = lines.find((l) => l.includes(',chomoi,'))!.split(',');
    expect(chomoi[header.indexOf('sellers')]).toBe('5');
    expect(chomoi[header.indexOf('estimatedDue')]).toBe('15250000');
    const cohortCsv = await request(env.http).get('/v1/stats/cohorts?format=csv').set('Authorization', `Bearer ${officer}`).expect(200);
    expect(cohortCsv.text.split('\r\n')[0]).toContain('registered_within1Q,registered_within1Q_rate,registered_within1Q_final');

    const auditor = await env.userToken('stats-auditor', 'auditor');
    expect((await get('self-declaration?period=2025', auditor)).rows).toHaveLength(1);
    const bad = (query: string) => request(env.http).get(`/v1/stats/${query}`).set('Authorization', `Bearer ${officer}`);
    await bad('self-declaration?groupBy=district').expect(400);
    await bad('self-declaration?period=2025-Q5').expect(400);
    await bad('cohorts?from=2025').expect(400);
    expect((await bad('self-declaration?platform=nowhere').expect(400)).body.code).toBe('STATS_PLATFORM_UNKNOWN');
  });
});
