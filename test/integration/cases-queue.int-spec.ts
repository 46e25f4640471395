import request from 'supertest';
import { TestEnv } from '../support/test-env';
import { CaseWorld, CaseWorldIds } from './cases-fixtures';

/** The officers' queue: facets kept by triggers, filters, the three sorts, keyset pages, and the CSV export. */
describe('case queue', () => {
  let env: TestEnv;
  let world: CaseWorld;
  let ids: CaseWorldIds;
  let officer: string;
  let officerId: string;
  const estimates = [5n, 900n, 77n, 77n, 77n, 1_000_000n, 12n, 450n, 3n, 60_000n, 8n, 77n, 2_000n];

  beforeAll(async () => {
    env = await TestEnv.create();
    world = new CaseWorld(env.dataSource, env.config);
    officer = await env.userToken('officer-queue', 'officer');
    [{ id: officerId }] = await env.dataSource.query(`SELECT id FROM users WHERE name = 'officer-queue'`);
    ids = await world.standard();
    for (const [i, estimate] of estimates.entries()) {
      await world.bareCase({
        estimate, taxYear: 2024 + (i % 3), status: i % 4 === 0 ? 'in_review' : 'open', confidence: i === 3 ? null : `0.${String(100 + i * 37).slice(0, 3)}000`,
        signals: i % 2 ? ['NOT_FILED'] : ['UNREGISTERED', 'SPLIT_ACROSS_PLATFORMS'],
      });
    }
    await env.dataSource.query(`UPDATE cases SET assigned_to = $1 WHERE status = 'in_review'`, [officerId]);
  });
  afterAll(() => env.close());

  const get = (path: string) => request(env.http).get(path).set('Authorization', `Bearer ${officer}`);

  async function walk(query: string, limit: number): Promise<Array<Record<string, any>>> {
    const items: Array<Record<string, any>> = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const response: request.Response = await get(`/v1/cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('no end of pages');
  }

  it('keeps the province and platforms of each case in the queue, following membership changes', async () => {
    const [row] = await env.dataSource.query(`SELECT province_code, platform_ids FROM case_queue WHERE case_id = $1`, [ids.caseId]);
    expect(row.province_code).toBe('01'); // the linked taxpayer's province wins over the shops' (79)
    expect([...row.platform_ids].sort()).toEqual([ids.platformA, ids.platformB].sort());

    const platformC = await world.platform('san-c-test');
    const shop = await world.seller(platformC, { ref: 'c-1', shopName: 'C shop', sellerName: 'C', province: '79' });
    const unlinked = await world.entity([shop], { taxpayerId: null, band: 'none', score: null });
    const caseId = await world.case(unlinked, { band: 'none', taxpayerId: null });
    const [before] = await env.dataSource.query(`SELECT province_code, platform_ids FROM case_queue WHERE case_id = $1`, [caseId]);
    expect(before).toEqual({ province_code: '79', platform_ids: [platformC] });

    // Identity resolution moves a shop of platform A into the unlinked entity: both entities' cases follow.
    await env.dataSource.query(`UPDATE seller_entity_members SET entity_id = $2 WHERE seller_id = $1`, [ids.sellerA, unlinked]);
    const [after] = await env.dataSource.query(`SELECT platform_ids FROM case_queue WHERE case_id = $1`, [caseId]);
    expect([...after.platform_ids].sort()).toEqual([ids.platformA, platformC].sort());
    const [standard] = await env.dataSource.query(`SELECT platform_ids FROM case_queue WHERE case_id = $1`, [ids.caseId]);
    expect(standard.platform_ids).toEqual([ids.platformB]);
    await env.dataSource.query(`UPDATE seller_entity_members SET entity_id = $2 WHERE seller_id = $1`, [ids.sellerA, ids.entity]);
  });

  it('mirrors officer changes to the case into the queue in the same transaction', async () => {
    const caseId = await world.bareCase({ estimate: 31n });
    await request(env.http).post(`/v1/cases/${caseId}/transitions`).set('Authorization', `Bearer ${officer}`).send({ to: 'in_review', version: 1 }).expect(200);
    const [row] = await env.dataSource.query(`SELECT status, assigned_to, version FROM case_queue WHERE case_id = $1`, [caseId]);
    expect(row).toEqual({ status: 'in_review', assigned_to: officerId, version: 2 });
  });

  it.each([
    ['estimate', (a: any, b: any) => compareBig(b.estimatedTaxAtRisk, a.estimatedTaxAtRisk) || b.id.localeCompare(a.id)],
    ['confidence', (a: any, b: any) => Number(b.linkConfidence ?? -1) - Number(a.linkConfidence ?? -1) || b.id.localeCompare(a.id)],
    ['age', (a: any, b: any) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id)],
  ])('pages through every case once, in %s order, with keyset cursors', async (sort, order) => {
    const [{ n }] = await env.dataSource.query(`SELECT count(*)::int AS n FROM cases`);
    const items = await walk(`sort=${sort}`, 4);
    expect(items).toHaveLength(n);
    expect(new Set(items.map((i) => i.id)).size).toBe(n);
    expect(items.map((i) => i.id)).toEqual([...items].sort(order).map((i) => i.id));
  });

  it('filters by status, signal, tax year, assignee and minimum estimate, and combines them', async () => {
    const expectAll = async (query: string, where: string, params: unknown[] = []) => {
      const items = await walk(query, 5);
      const rows = await env.dataSource.query(`SELECT id FROM cases c WHERE ${where} ORDER BY id`, params);
      expect(items.map((i) => i.id).sort()).toEqual(rows.map((r: any) => r.id).sort());
      return items;
    };
    await expectAll('status=in_review', `status = 'in_review'`);
    await expectAll('status=open,in_review&taxYear=2025', `status IN ('open', 'in_review') AND tax_year = 2025`);
    await expectAll('signal=NOT_FILED', `'NOT_FILED' = ANY (signal_codes)`);
    await expectAll('signal=SPLIT_ACROSS_PLATFORMS,UNDER_DECLARED', `signal_codes && ARRAY['SPLIT_ACROSS_PLATFORMS', 'UNDER_DECLARED']`);
    await expectAll('assignee=me', `assigned_to = $1`, [officerId]);
    await expectAll(`assignee=${officerId}&status=in_review`, `assigned_to = $1 AND status = 'in_review'`, [officerId]);
    await expectAll('assignee=none', `assigned_to IS NULL`);
    const big = await expectAll('minEstimate=2000', `estimated_tax_at_risk >= 2000`);
    expect(big.length).toBeGreaterThan(2);
  });

  it('maps old province codes and names to the 34-province code, and filters by platform code', async () => {
    const byNew = await walk('province=79', 10);
    expect(byNew.every((i) => i.province === '79')).toBe(true);
    expect(byNew.length).toBeGreaterThan(0);
    for (const old of ['74', 'Bình Dương', '077', 'TP. Hồ Chí Minh']) expect((await walk(`province=${encodeURIComponent(old)}`, 10)).map((i) => i.id)).toEqual(byNew.map((i) => i.id));
    const hanoi = await walk('province=01', 10);
    expect(hanoi.map((i) => i.id)).toEqual([ids.caseId]);
    const onB = await walk('platform=san-b-test', 10);
    expect(onB.map((i) => i.id)).toEqual([ids.caseId]);
    expect(onB[0].platforms).toEqual(['cho-tot-test', 'san-b-test']);
  });

  it('refuses unknown provinces and platforms, malformed filters, and a cursor from another query', async () => {
    expect((await get('/v1/cases?province=Atlantis')).body.code).toBe('CASE_PROVINCE_UNKNOWN');
    expect((await get('/v1/cases?platform=no-such')).body.code).toBe('CASE_PLATFORM_UNKNOWN');
    expect((await get('/v1/cases?status=closed')).status).toBe(400);
    expect((await get('/v1/cases?minEstimate=1.5')).status).toBe(400);
    const first = await get('/v1/cases?limit=2&status=open').expect(200);
    const reused = await get(`/v1/cases?limit=2&status=in_review&cursor=${first.body.nextCursor}`);
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('CASE_CURSOR_INVALID');
    expect((await get('/v1/cases?cursor=not-a-cursor')).body.code).toBe('CASE_CURSOR_INVALID');
  });

  it('exports the filtered queue as CSV, in queue order, with formula-like cells neutralised, and records the export', async () => {
    for (const [i, name] of ['=cmd|"/c calc"!A1', '+SUM(1)', '-2+3', '@SUM(A1)', '\tTAB'].entries()) {
      const taxpayer = await world.taxpayer({ taxCode: `020000000${i}`, name, province: '48' });
      const entity = await world.entity([], { taxpayerId: taxpayer, band: 'auto', score: '0.99' });
      await world.case(entity, { taxpayerId: taxpayer, estimate: BigInt(9_000_000_000 - i) });
    }
    const response = await get('/v1/cases/export?province=48&sort=estimate').buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => done(null, text));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = (response.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['case_id', 'tax_year', 'status', 'estimated_tax_at_risk']);
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['9000000000', '8999999999', '8999999998', '8999999997', '8999999996']);
    expect(response.body).toContain(`"'=cmd|""/c calc""!A1"`);
    for (const safe of [`'+SUM(1)`, `'-2+3`, `'@SUM(A1)`, `'\tTAB`]) expect(response.body).toContain(safe);
    expect(response.body).not.toMatch(/(^|,)"?[=+\-@\t]/m);
    const [audit] = await env.dataSource.query(`SELECT action, purpose, route, target FROM audit_log WHERE purpose = 'case_export'`);
    expect(audit).toMatchObject({ action: 'personal_data.read', route: '/v1/cases/export', target: { province: '48', sort: 'estimate' } });
  });
});

function compareBig(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}
