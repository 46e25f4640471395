import { ProcessBatchHandler } from '../../src/intake/process-batch.handler';
import { TestEnv } from '../support/test-env';
import { dpiDocument, dpiSeller, everyTableCount, idle, ingest, postBatch } from './intake-support';

/** Later batches supersede earlier figures by appending versions; nothing is overwritten; corrections keep history. */
describe('intake versions', () => {
  let env: TestEnv;
  let a: { token: string; platformId: string };
  let officer: string;

  beforeAll(async () => {
    env = await TestEnv.create({ worker: true });
    a = await env.platformToken('Versions A');
    officer = await env.userToken('versions-officer', 'officer');
  });
  afterAll(() => env.close());

  const current = async () =>
    (
      await env.dataSource.query(
        `SELECT ps.seller_ref || '@' || cr.period || '=' || cr.gross_revenue || ' v' || cr.version AS figure
           FROM current_revenue cr JOIN platform_sellers ps ON ps.id = cr.seller_id WHERE ps.platform_id = $1 ORDER BY 1`,
        [a.platformId],
      )
    ).map((r: any) => r.figure);
  const history = async (ref: string, period: string) =>
    (
      await env.dataSource.query(
        `SELECT ro.version || ':' || ro.gross_revenue || (CASE WHEN ro.is_deleted THEN ':deleted' ELSE '' END) AS v
           FROM revenue_observations ro JOIN platform_sellers ps ON ps.id = ro.seller_id
          WHERE ps.platform_id = $1 AND ps.seller_ref = $2 AND ro.period = $3 ORDER BY ro.version`,
        [a.platformId, ref, period],
      )
    ).map((r: any) => r.v);
  const revenue = (rows: string[], mode?: 'replacement') =>
    ingest(env, a.token, { kind: 'revenue', type: 'csv', body: `seller_ref,period,gross_revenue\n${rows.join('\n')}\n`, mode });

  it('supplementary batches supersede only the pairs they contain; replacement ends the absent ones', async () => {
    await revenue(['R1,2026-Q1,100', 'R2,2026-Q1,200', 'R3,2026-Q2,300']);
    await revenue(['R1,2026-Q1,150', 'R2,2026-Q1,200']); // R2 resent unchanged: no new version
    expect(await current()).toEqual(['R1@2026-Q1=150 v2', 'R2@2026-Q1=200 v1', 'R3@2026-Q2=300 v1']);

    const replaced = await revenue(['R4,2026-Q1,400'], 'replacement');
    expect(replaced.mode).toBe('replacement');
    // 2026-Q1 now holds only R4; R3's 2026-Q2 is outside the replacement's periods and stays.
    expect(await current()).toEqual(['R3@2026-Q2=300 v1', 'R4@2026-Q1=400 v1']);
    expect(await history('R1', '2026-Q1')).toEqual(['1:100', '2:150', '3:0:deleted']);
    expect(await history('R2', '2026-Q1')).toEqual(['1:200', '2:0:deleted']);
    const [trace] = await env.dataSource.query(
      `SELECT b.platform_id, ro.batch_id, ro.row_number, cr.version FROM current_revenue cr
         JOIN revenue_observations ro ON ro.id = cr.observation_id JOIN batches b ON b.id = ro.batch_id
         JOIN platform_sellers ps ON ps.id = cr.seller_id WHERE ps.seller_ref = 'R4'`,
    );
    expect(trace).toEqual({ platform_id: a.platformId, batch_id: replaced.id, row_number: 1, version: 1 });
  });

  it('keeps seller versions, skips unchanged resends and deactivates sellers absent from a replacement', async () => {
    const sellers = (rows: string[], mode?: 'replacement') =>
      ingest(env, a.token, { kind: 'sellers', type: 'csv', body: `seller_ref,seller_name,phone\n${rows.join('\n')}\n`, mode });
    await sellers(['V1,Name One,0912345678', 'V2,Name Two,']);
    await sellers(['V1,Name One,0912345678', 'V2,Name Two Changed,']);
    await sellers(['V2,Name Two Changed,'], 'replacement');
    const rows = await env.dataSource.query(
      `SELECT ps.seller_ref, ps.current_version, ps.is_active, o.seller_name FROM platform_sellers ps
         JOIN seller_observations o ON o.id = ps.current_observation_id WHERE ps.platform_id = $1 AND ps.seller_ref LIKE 'V%' ORDER BY 1`,
      [a.platformId],
    );
    expect(rows).toEqual([
      { seller_ref: 'V1', current_version: 1, is_active: false, seller_name: 'Name One' },
      { seller_ref: 'V2', current_version: 2, is_active: true, seller_name: 'Name Two Changed' },
    ]);
    const versions = await env.dataSource.query(
      `SELECT o.version, o.seller_name FROM seller_observations o JOIN platform_sellers ps ON ps.id = o.seller_id
        WHERE ps.platform_id = $1 AND ps.seller_ref = 'V2' ORDER BY o.version`,
      [a.platformId],
    );
    expect(versions).toEqual([{ version: 1, seller_name: 'Name Two' }, { version: 2, seller_name: 'Name Two Changed' }]);
  });

  it('applies a DPI OECD2 correction as a new version of the corrected seller, keeping the old one readable; OECD3 deletes', async () => {
    const q = (cons: string): [string, string, string, string] => [cons, '1', '10', '5'];
    const first = await ingest(env, a.token, { kind: 'sellers', type: 'xml', body: dpiDocument(2025, [
      dpiSeller({ docType: 'OECD1', docRefId: 'D-1', tin: '0313028740', first: 'Lan', last: 'Ngô', quarters: [q('100'), q('200'), q('300'), q('400')] }),
      dpiSeller({ docType: 'OECD1', docRefId: 'D-2', tin: '0106324653', first: 'Tú', last: 'Hồ', quarters: [q('1'), q('2'), q('3'), q('4')] }),
    ]) });
    expect(first.counts).toMatchObject({ rows: 2, accepted: 2, rejected: 0 });
    const correction = await ingest(env, a.token, { kind: 'revenue', type: 'xml', body: dpiDocument(2025, [
      dpiSeller({ docType: 'OECD2', docRefId: 'D-1b', corrDocRefId: 'D-1', tin: '0313028740', first: 'Lan', middle: 'Thị', last: 'Ngô',
        quarters: [q('100'), q('250'), q('300'), q('450')] }),
      dpiSeller({ docType: 'OECD3', docRefId: 'D-2x', corrDocRefId: 'D-2', tin: '0106324653', first: 'Tú', last: 'Hồ', quarters: [q('1'), q('2'), q('3'), q('4')] }),
      dpiSeller({ docType: 'OECD2', docRefId: 'D-9b', corrDocRefId: 'D-9', first: 'Nobody', last: 'Here', quarters: [q('1'), q('1'), q('1'), q('1')] }),
      dpiSeller({ docType: 'OECD0', docRefId: 'D-1', tin: '0313028740', first: 'Lan', last: 'Ngô', quarters: [q('100'), q('200'), q('300'), q('400')] }),
    ]) });
    expect(correction.counts).toMatchObject({ rows: 4, accepted: 3, rejected: 1 });

    const lan = await env.dataSource.query(
      `SELECT o.version, o.seller_name, o.doc_ref_id, o.corr_doc_ref_id, o.is_deleted FROM seller_observations o
         JOIN platform_sellers ps ON ps.id = o.seller_id WHERE ps.seller_ref = 'TIN:0313028740' ORDER BY o.version`,
    );
    expect(lan).toEqual([
      { version: 1, seller_name: 'Ngô Lan', doc_ref_id: 'D-1', corr_doc_ref_id: null, is_deleted: false },
      { version: 2, seller_name: 'Ngô Thị Lan', doc_ref_id: 'D-1b', corr_doc_ref_id: 'D-1', is_deleted: false },
    ]);
    expect(await current()).toEqual(expect.arrayContaining([
      'TIN:0313028740@2025-Q1=100 v1', 'TIN:0313028740@2025-Q2=250 v2', 'TIN:0313028740@2025-Q3=300 v1', 'TIN:0313028740@2025-Q4=450 v2',
    ]));
    expect((await current()).filter((f: string) => f.startsWith('TIN:0106324653'))).toEqual([]);
    expect(await history('TIN:0313028740', '2025-Q2')).toEqual(['1:200', '2:250']);
    expect(await history('TIN:0106324653', '2025-Q1')).toEqual(['1:1', '2:0:deleted']);
    const [tu] = await env.dataSource.query(`SELECT is_active, current_version FROM platform_sellers WHERE seller_ref = 'TIN:0106324653'`);
    expect(tu).toEqual({ is_active: false, current_version: 2 });
  });

  it('runs the job twice without changing anything, and merges a scope in upload order whatever job runs first', async () => {
    // Workerless uploads: jobs wait in Redis while this test drives the handler itself.
    const quiet = await TestEnv.create({ worker: false });
    try {
      const p = await quiet.platformToken('Order P');
      const one = await postBatch(quiet, p.token, { kind: 'revenue', type: 'csv', body: 'seller_ref,period,gross_revenue\nO1,2026-Q1,1\n' });
      const two = await postBatch(quiet, p.token, { kind: 'revenue', type: 'csv', body: 'seller_ref,period,gross_revenue\nO1,2026-Q1,2\n' });
      const handler = quiet.api!.get(ProcessBatchHandler);
      await handler.process({ batchId: two.body.id }); // the later batch's job runs first…
      const [figure] = await quiet.dataSource.query(`SELECT gross_revenue::text, version FROM current_revenue`);
      expect(figure).toEqual({ gross_revenue: '2', version: 2 }); // …and still supersedes the earlier one
      const before = await everyTableCount(quiet.dataSource);
      await handler.process({ batchId: one.body.id });
      await handler.process({ batchId: two.body.id });
      expect(await everyTableCount(quiet.dataSource)).toEqual(before);

      // A job that failed for good marks its batch failed, with a fixed message, and drops its staging.
      const doomed = await postBatch(quiet, p.token, { kind: 'revenue', type: 'csv', body: 'seller_ref,period,gross_revenue\nO9,2026-Q1,9\n' });
      await handler.failed({ batchId: doomed.body.id }, Object.assign(new Error('boom'), { code: '57014' }));
      const [failed] = await quiet.dataSource.query(`SELECT state, error_code, error_message, failed_at IS NOT NULL AS stamped FROM batches WHERE id = $1`, [doomed.body.id]);
      expect(failed).toEqual({ state: 'failed', error_code: 'PROCESSING_FAILED', error_message: 'processing failed after retries (SQLSTATE 57014)', stamped: true });
      expect(await quiet.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'staging'`)).toEqual([]);
      await handler.process({ batchId: doomed.body.id }); // a late retry of a failed batch does nothing
      expect((await quiet.dataSource.query(`SELECT state FROM batches WHERE id = $1`, [doomed.body.id]))[0].state).toBe('failed');
    } finally {
      await quiet.close();
    }
    await idle(env, officer);
    const unfinished = await env.dataSource.query(`SELECT id FROM batches WHERE state NOT IN ('done', 'failed')`);
    expect(unfinished).toEqual([]);
  });
});
