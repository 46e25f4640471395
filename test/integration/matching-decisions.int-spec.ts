import request from 'supertest';
import { CredentialService } from '../../src/auth/credential.service';
import { SqlService } from '../../src/database/sql.service';
import { MatchBatchHandler } from '../../src/matching/match-batch.handler';
import { TestEnv } from '../support/test-env';
import { loadWorld, World } from './matching-fixtures';

/**
 * Officer decisions over HTTP (confirm, reject, merge, split), each applied by its match run and still in force
 * after a full re-run with retraining; the links export for officers, auditors (as of a time) and platforms.
 */
describe('matching decisions and links export', () => {
  let env: TestEnv;
  let sql: SqlService;
  let handler: MatchBatchHandler;
  let world: World;
  let officer: string;
  let auditor: string;
  let admin: string;
  let platformA: string;

  const link = async (seller: string) =>
    (await sql.query(`SELECT taxpayer_id, band, decided_by FROM seller_links WHERE seller_id = $1`, [world.sellers[seller]]))[0];
  const entityOf = async (seller: string) =>
    (await sql.query<{ entity_id: string }>(`SELECT entity_id FROM seller_entity_members WHERE seller_id = $1`, [world.sellers[seller]]))[0].entity_id;
  const post = (path: string, token: string, body: object) => request(env.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token: string) => request(env.http).get(path).set('Authorization', `Bearer ${token}`);

  /** What the worker would do with the job a decision enqueued. */
  const apply = async (response: request.Response) => {
    expect(response.status).toBe(202);
    await handler.matchRun({ runId: response.body.runId });
  };

  const fullRerun = async () => apply(await post('/v1/matching/runs', admin, { retrain: true }));

  beforeAll(async () => {
    env = await TestEnv.create({ api: true });
    sql = env.api!.get(SqlService);
    handler = env.api!.get(MatchBatchHandler);
    world = await loadWorld(env.dataSource, env.config, (batchId) => handler.matchBatch({ batchId }));
    await handler.matchBatch({ batchId: world.sellerBatches.a });
    await handler.matchBatch({ batchId: world.sellerBatches.b });
    officer = await env.userToken('officer-1', 'officer');
    auditor = await env.userToken('auditor-1', 'auditor');
    admin = await env.userToken('admin-1', 'admin');
    platformA = (await env.api!.get(CredentialService).rotatePlatformKey('cho-a')).token;
  }, 180_000);
  afterAll(() => env.close());

  let beforeDecisions: string;

  it('confirms a link an officer chose; the model keeps it through a full re-run', async () => {
    beforeDecisions = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const response = await post(`/v1/links/${world.sellers.namesake}/decisions`, officer, { decision: 'confirm', taxpayerId: world.taxpayers.hungHcm2, reason: 'CCCD checked' });
    expect(response.body).toEqual({ decisionId: expect.any(String), runId: expect.any(String) });
    await apply(response);
    expect(await link('namesake')).toEqual({ taxpayer_id: world.taxpayers.hungHcm2, band: 'confirmed', decided_by: 'officer' });
    await fullRerun();
    expect(await link('namesake')).toEqual({ taxpayer_id: world.taxpayers.hungHcm2, band: 'confirmed', decided_by: 'officer' });
    const history = await sql.query(`SELECT decided_by, band, decision_id FROM match_history WHERE seller_id = $1 ORDER BY id`, [world.sellers.namesake]);
    expect(history.at(-1)).toMatchObject({ decided_by: 'officer', band: 'confirmed', decision_id: response.body.decisionId });
  });

  it('rejects a link: the seller is never linked to that taxpayer again, whatever re-runs', async () => {
    expect((await link('hungShop')).taxpayer_id).toBe(world.taxpayers.hungHcm);
    await apply(await post(`/v1/links/${world.sellers.hungShop}/decisions`, officer, { decision: 'reject', taxpayerId: world.taxpayers.hungHcm }));
    expect((await link('hungShop')).taxpayer_id).not.toBe(world.taxpayers.hungHcm);
    await fullRerun();
    expect((await link('hungShop')).taxpayer_id).not.toBe(world.taxpayers.hungHcm);
    const [rejected] = await sql.query(`SELECT count(*) AS n FROM match_history WHERE seller_id = $1 AND band = 'rejected' AND decided_by = 'officer'`, [world.sellers.hungShop]);
    expect(Number(rejected.n)).toBe(1);
  });

  it('merges two entities into the oldest member’s entity, and the merge survives a re-run', async () => {
    const [a, b] = [await entityOf('teoA'), await entityOf('maiAnhTypo')];
    expect(a).not.toBe(b);
    const kept = Number(world.sellers.teoA) < Number(world.sellers.maiAnhTypo) ? a : b;
    await apply(await post('/v1/entities/merge', officer, { entityIds: [a, b], reason: 'same household business' }));
    expect(await entityOf('teoA')).toBe(kept);
    expect(await entityOf('maiAnhTypo')).toBe(kept);
    const [retired] = await sql.query(`SELECT is_active, merged_into FROM seller_entities WHERE id = $1`, [kept === a ? b : a]);
    expect(retired).toEqual({ is_active: false, merged_into: kept });
    await fullRerun();
    expect(await entityOf('maiAnhTypo')).toBe(await entityOf('teoA'));
  });

  it('splits an entity; the oldest member keeps the id and the split survives a re-run', async () => {
    const whole = await entityOf('hungCaps');
    expect(await entityOf('hungOldCode')).toBe(whole);
    await apply(await post(`/v1/entities/${whole}/split`, officer, { sellerIds: [world.sellers.hungOldCode] }));
    expect(await entityOf('hungCaps')).toBe(whole);
    expect(await entityOf('hungOldCode')).not.toBe(whole);
    await fullRerun();
    expect(await entityOf('hungCaps')).toBe(whole);
    expect(await entityOf('hungOldCode')).not.toBe(whole);
  });

  it('refuses bad decisions with stable codes', async () => {
    const unknown = await post('/v1/links/999999/decisions', officer, { decision: 'confirm', taxpayerId: world.taxpayers.hang });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('SELLER_NOT_FOUND');
    const split = await post(`/v1/entities/${await entityOf('teoA')}/split`, officer, { sellerIds: [world.sellers.hungCaps] });
    expect(split.body.code).toBe('ENTITY_SPLIT_INVALID');
    expect((await post('/v1/entities/merge', officer, { entityIds: [await entityOf('teoA')] })).status).toBe(400);
    expect((await post(`/v1/links/${world.sellers.hungCaps}/decisions`, platformA, { decision: 'confirm', taxpayerId: '1' })).status).toBe(403);
  });

  it('exports every link as CSV for officers, streamed with the taxpayer’s tax code', async () => {
    const response = await get('/v1/links?format=csv', officer);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toBe('platform,seller_ref,entity_id,taxpayer_tax_code,score,band,model_version,decided_at');
    const [{ n }] = await sql.query(`SELECT count(*) AS n FROM platform_sellers`);
    expect(lines.length - 1).toBe(Number(n));
    expect(lines.some((l) => l.startsWith('cho-a,A-4,') && l.includes('0101243150-001'))).toBe(true);
  });

  it('gives a platform only its own sellers, without registry details, and hides other platforms', async () => {
    const response = await get('/v1/links?format=json', platformA);
    expect(response.status).toBe(200);
    const rows = response.body as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.platform === 'cho-a')).toBe(true);
    expect(Object.keys(rows[0]).sort()).toEqual(['band', 'entityId', 'platform', 'score', 'sellerRef']);
    expect((await get('/v1/links?platform=pho-b', platformA)).status).toBe(404);
  });

  it('answers auditors with what was believed at a past time, and explains one link with its history', async () => {
    const past = await get(`/v1/links?format=json&platform=pho-b&asOf=${encodeURIComponent(beforeDecisions)}`, auditor);
    const namesake = (past.body as Array<Record<string, unknown>>).find((r) => r.sellerRef === 'B-3')!;
    expect(namesake.band).not.toBe('confirmed');
    const detail = await get(`/v1/links/${world.sellers.hungCaps}`, auditor);
    expect(detail.status).toBe(200);
    expect(detail.body.explanation.fields.id).toMatchObject({ level: 'exact', detail: 'personal_id', bayesFactor: expect.any(Number) });
    expect(detail.body.history.length).toBeGreaterThanOrEqual(1);
  });
});
