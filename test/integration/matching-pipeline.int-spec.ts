import { SqlService } from '../../src/database/sql.service';
import { MatchBatchHandler } from '../../src/matching/match-batch.handler';
import { planRun, runIdFor } from '../../src/matching/runs/run-planner';
import { TestEnv } from '../support/test-env';
import { loadWorld, resendSeller, SELLERS, World } from './matching-fixtures';

/**
 * The matching job on a small Vietnamese world: links with their explanations, seller entities, the append-only
 * history, idempotence and incremental re-matching. Runs the real handler on a real database.
 */
describe('matching pipeline', () => {
  let env: TestEnv;
  let sql: SqlService;
  let handler: MatchBatchHandler;
  let world: World;

  const link = async (seller: string) =>
    (await sql.query(`SELECT taxpayer_id, band, score, explanation, decided_by FROM seller_links WHERE seller_id = $1`, [world.sellers[seller]]))[0];
  const entityOf = async (seller: string) =>
    (await sql.query<{ entity_id: string }>(`SELECT entity_id FROM seller_entity_members WHERE seller_id = $1`, [world.sellers[seller]]))[0]?.entity_id;
  const historyCount = async () => Number((await sql.query(`SELECT count(*) AS n FROM match_history`))[0].n);

  beforeAll(async () => {
    env = await TestEnv.create({ api: true });
    sql = env.api!.get(SqlService);
    handler = env.api!.get(MatchBatchHandler);
    world = await loadWorld(env.dataSource, env.config, (registryBatch) => handler.matchBatch({ batchId: registryBatch }));
    await handler.matchBatch({ batchId: world.sellerBatches.a });
    await handler.matchBatch({ batchId: world.sellerBatches.b });
  }, 180_000);
  afterAll(() => env.close());

  it('moves the batches loaded → matching → done and marks every seller matched', async () => {
    const batches = await sql.query(`SELECT state FROM batches WHERE id = ANY ($1::uuid[])`, [[world.registryBatch, world.sellerBatches.a, world.sellerBatches.b]]);
    expect(batches.map((b) => b.state)).toEqual(['done', 'done', 'done']);
    const [pending] = await sql.query(`SELECT count(*) AS n FROM platform_sellers WHERE matched_version < current_version`);
    expect(Number(pending.n)).toBe(0);
  });

  it('links a personal ID written in capitals without diacritics, with an explanation per field', async () => {
    const l = await link('hungCaps');
    expect(l).toMatchObject({ taxpayer_id: world.taxpayers.hungHcm, band: 'auto', decided_by: 'system' });
    expect(l.explanation.fields.id).toEqual(['exact', expect.any(Number), 'personal_id']);
    expect(l.explanation.fields.name[0]).toBe('exact');
    expect(l.explanation.fields.phone[0]).toBe('exact');
    expect(l.explanation.model).toMatch(/^fs-link-/);
  });

  it('links an old tax code to the taxpayer now registered under the personal ID, name given first', async () => {
    const l = await link('hungOldCode');
    expect(l).toMatchObject({ taxpayer_id: world.taxpayers.hungHcm, band: 'auto' });
    expect(l.explanation.fields.id).toEqual(['exact', expect.any(Number), 'previous_tax_code']);
    expect(['exact', 'reordered']).toContain(l.explanation.fields.name[0]);
  });

  it('tolerates one wrong digit and two swapped digits in a personal ID, and says which', async () => {
    const typo = await link('maiAnhTypo');
    expect(typo.taxpayer_id).toBe(world.taxpayers.maiAnh);
    expect(typo.explanation.fields.id).toEqual(['near', expect.any(Number), 'one_digit']);
    const swapped = await link('tuanSwap');
    expect(swapped.taxpayer_id).toBe(world.taxpayers.tuan);
    expect(swapped.explanation.fields.id).toEqual(['near', expect.any(Number), 'transposition']);
  });

  it('links a branch code to the branch, not to its head company', async () => {
    expect((await link('mebapBranch')).taxpayer_id).toBe(world.taxpayers.mebapBranch);
  });

  it('links an NFD-decomposed name with an old 9-digit CMND', async () => {
    expect(await link('hangNfd')).toMatchObject({ taxpayer_id: world.taxpayers.hang, band: 'auto' });
  });

  it('does not link a bare common name to one of several namesakes', async () => {
    expect((await link('namesake')).band).not.toBe('auto');
  });

  it('puts one person’s shops on two platforms in one entity, with or without a registry link', async () => {
    expect(await entityOf('hungCaps')).toBe(await entityOf('hungOldCode'));
    expect(await entityOf('hungShop')).toBe(await entityOf('hungCaps'));
    expect(await entityOf('teoA')).toBe(await entityOf('teoB'));
    expect(await entityOf('teoA')).not.toBe(await entityOf('hungCaps'));
    const [entity] = await sql.query(`SELECT taxpayer_id, band FROM seller_entities WHERE id = $1`, [await entityOf('hungCaps')]);
    expect(entity).toMatchObject({ taxpayer_id: world.taxpayers.hungHcm, band: 'auto' });
    const [teo] = await sql.query(`SELECT taxpayer_id FROM seller_entities WHERE id = $1`, [await entityOf('teoA')]);
    expect(teo.taxpayer_id).toBeNull();
  });

  it('writes one history row per seller, and nothing when the same job runs again', async () => {
    const [{ sellers }] = await sql.query(`SELECT count(*) AS sellers FROM platform_sellers`);
    expect(await historyCount()).toBe(Number(sellers));
    await sql.execute(`UPDATE batches SET state = 'matching' WHERE id = $1`, [world.sellerBatches.a]);
    await handler.matchBatch({ batchId: world.sellerBatches.a });
    await handler.matchBatch({ batchId: world.sellerBatches.a });
    expect(await historyCount()).toBe(Number(sellers));
  });

  it('keeps entity ids, links and history through a full re-run', async () => {
    const before = await sql.query(`SELECT seller_id, entity_id FROM seller_entity_members ORDER BY seller_id`);
    const historyBefore = await historyCount();
    const runId = runIdFor(`rerun:pipeline-${Date.now()}`);
    await sql.withClient((client) => planRun(client, { id: runId, trigger: 'rerun', all: true }));
    await handler.matchRun({ runId });
    expect(await sql.query(`SELECT seller_id, entity_id FROM seller_entity_members ORDER BY seller_id`)).toEqual(before);
    expect(await historyCount()).toBe(historyBefore);
    const [run] = await sql.query(`SELECT state FROM match_runs WHERE id = $1`, [runId]);
    expect(run.state).toBe('done');
  });

  it('re-matches only the sellers a new batch changed, appending their new belief', async () => {
    const historyBefore = await historyCount();
    const batch = await resendSeller(env.dataSource, env.config, world.platforms.b, { ...SELLERS.namesake, nationalId: '079090054321' });
    await handler.matchBatch({ batchId: batch });
    const [run] = await sql.query(`SELECT count(*) AS n FROM match_run_sellers WHERE run_id = $1`, [runIdFor(`batch:${batch}`)]);
    expect(Number(run.n)).toBe(1);
    expect(await link('namesake')).toMatchObject({ taxpayer_id: world.taxpayers.hungHcm2, band: 'auto' });
    expect(await historyCount()).toBe(historyBefore + 1);
  });

  it('records the entities a run touched for reconciliation', async () => {
    const [touched] = await sql.query(`SELECT count(*) AS n FROM match_run_entities WHERE run_id = $1`, [runIdFor(`batch:${world.sellerBatches.a}`)]);
    expect(Number(touched.n)).toBeGreaterThan(0);
  });

  it('refuses to change history', async () => {
    await expect(sql.execute(`UPDATE match_history SET band = 'none'`)).rejects.toThrow(/append-only/);
    await expect(sql.execute(`DELETE FROM match_history`)).rejects.toThrow(/append-only/);
  });
});
