import request from 'supertest';
import { piiSql, blindIndex } from '../../src/pii/pii-crypto';
import { TestEnv } from '../support/test-env';
import { dpiDocument, dpiSeller, everyTableCount, ingest, postBatch, quiescent, settled } from './intake-support';

/** Every format round-trips into the contract tables; row errors carry stable codes; structural errors write nothing. */
describe('intake formats', () => {
  let env: TestEnv;
  let a: { token: string; platformId: string };
  let b: { token: string; platformId: string };
  let officer: string;
  let authority: string;

  beforeAll(async () => {
    env = await TestEnv.create({ worker: true, env: { MAX_BATCH_BYTES: '65536' } });
    a = await env.platformToken('Formats A');
    b = await env.platformToken('Formats B');
    officer = await env.userToken('formats-officer', 'officer');
    authority = await env.userToken('formats-authority', 'authority');
  });
  afterAll(() => env.close());

  const decrypt = (column: string) => piiSql.decrypt(column, '$1');
  const observation = async (platformId: string, ref: string) =>
    (
      await env.dataSource.query(
        `SELECT o.*, ${decrypt('o.national_id_enc')} AS nid, ${decrypt('o.phone_enc')} AS phone, ${decrypt('o.tax_code_enc')} AS tax_enc,
                o.date_of_birth::text AS dob
           FROM seller_observations o JOIN platform_sellers ps ON ps.id = o.seller_id
          WHERE ps.platform_id = $2 AND ps.seller_ref = $3 ORDER BY o.version DESC LIMIT 1`,
        [env.config.secrets.piiEncryptionKey, platformId, ref],
      )
    )[0];

  it('takes a sellers CSV (BOM, CRLF, quotes, any column order), flags bad fields and stores identifiers protected', async () => {
    const csv =
      '\ufeffseller_ref,seller_name,shop_name,tax_code,national_id,phone,email,address,province,date_of_birth,category,is_resident\r\n' +
      'S1,Nguyễn Văn An,Shop A,0100109106,001090012345,0912 345 678,An@Example.COM,"12 Lê Lợi, Hà Nội",Hà Nội,15/03/1990,goods,true\r\n' +
      'S2,Trần Thị Bình,,0100109107,012345678,+84 912.345.679,bad-email,,Atlantis,1990-02-30,weapons,maybe\r\n' +
      'S3,,,,,,,,,,,\r\n' +
      'S4,Lê Văn Cường,"Shop ""Quoted""",001090012345,,,,,TP. Hồ Chí Minh,,Dịch vụ,false\r\n\r\n';
    const status = await ingest(env, a.token, { kind: 'sellers', type: 'csv', body: csv });
    expect(status.state).not.toBe('failed');
    expect(status.counts).toEqual({ rows: 4, accepted: 3, rejected: 1, warned: 1 });

    const s1 = await observation(a.platformId, 'S1');
    expect(s1).toMatchObject({ tax_code: '0100109106', tax_code_error: null, nid: '001090012345', national_id_kind: 'cccd',
      national_id_masked: '001*******45', phone: '+84912345678', phone_masked: '+84*******78', email: 'an@example.com',
      province_old_code: '01', province_new_code: '01', dob: '1990-03-15', category: 'goods', is_resident: true, version: 1 });
    expect(s1.national_id_bidx).toEqual(blindIndex('001090012345', env.config.secrets.piiIndexKey));
    const s2 = await observation(a.platformId, 'S2');
    expect(s2).toMatchObject({ tax_code: '0100109107', tax_code_error: 'TAX_CODE_CHECK_DIGIT', national_id_kind: 'cmnd', nid: '012345678',
      email: null, province_raw: 'Atlantis', province_new_code: null, date_of_birth: null, category: null, is_resident: null });
    const s4 = await observation(a.platformId, 'S4');
    expect(s4).toMatchObject({ tax_code: null, tax_enc: '001090012345', shop_name: 'Shop "Quoted"', category: 'services', is_resident: false,
      province_old_code: '79', province_new_code: '79' });
    expect(s4.tax_code_bidx).toEqual(blindIndex('001090012345', env.config.secrets.piiIndexKey));

    const errors = (await request(env.http).get(`/v1/batches/${status.id}/errors`).set('Authorization', `Bearer ${a.token}`).expect(200)).body;
    const brief = errors.errors.map((e: any) => `${e.row}:${e.field}:${e.code}:${e.severity}`);
    expect(brief).toEqual(expect.arrayContaining([
      '2:tax_code:TAX_CODE_CHECK_DIGIT:warning', '2:email:EMAIL_FORMAT:warning', '2:province:PROVINCE_UNKNOWN:warning',
      '2:date_of_birth:DATE_FORMAT:warning', '2:category:CATEGORY_UNKNOWN:warning', '2:is_resident:BOOLEAN_FORMAT:warning',
      '3:seller_name:REQUIRED_FIELD_MISSING:error',
    ]));
    expect(errors.total).toBe(7);
    expect(JSON.stringify(errors)).not.toMatch(/012345678|912345679|0100109107/);

    const csvErrors = await request(env.http).get(`/v1/batches/${status.id}/errors?format=csv`).set('Authorization', `Bearer ${a.token}`).expect(200);
    expect(csvErrors.headers['content-type']).toMatch(/text\/csv/);
    expect(csvErrors.text.split('\n')[0]).toBe('row,field,code,severity,message');
    expect(csvErrors.text).toContain('3,seller_name,REQUIRED_FIELD_MISSING,error,');
    const viaAccept = await request(env.http).get(`/v1/batches/${status.id}/errors`).set('Accept', 'text/csv').set('Authorization', `Bearer ${a.token}`).expect(200);
    expect(viaAccept.text).toBe(csvErrors.text);
  });

  it('takes JSON and NDJSON with exact amounts and reports row errors with codes', async () => {
    const json = JSON.stringify([
      { seller_ref: 'S1', period: '2026-Q2', gross_revenue: 15000000, order_count: 12, vat_withheld: 150000, pit_withheld: 75000 },
      { seller_ref: 'S2', period: '2026-07', gross_revenue: '1.90' },
      { seller_ref: 'S1', period: '2030-Q1', gross_revenue: 1 },
      { seller_ref: 'S5', period: '2026-08', gross_revenue: 'x', extra: { nested: true } },
      { seller_ref: 'S6', period: '2026-08', gross_revenue: '1', vat_withheld: '9000000000000000000', pit_withheld: '9000000000000000000' },
    ]).replace('15000000', '9007199254740993');
    const status = await ingest(env, a.token, { kind: 'revenue', type: 'json', body: json });
    expect(status.counts).toMatchObject({ rows: 5, accepted: 1, rejected: 4 });
    const [current] = await env.dataSource.query(
      `SELECT cr.gross_revenue::text, cr.order_count, cr.vat_withheld::text, cr.tax_withheld::text, cr.withholding_split, cr.version
         FROM current_revenue cr JOIN platform_sellers ps ON ps.id = cr.seller_id WHERE ps.platform_id = $1 AND ps.seller_ref = 'S1'`,
      [a.platformId],
    );
    expect(current).toEqual({ gross_revenue: '9007199254740993', order_count: 12, vat_withheld: '150000', tax_withheld: '225000', withholding_split: true, version: 1 });
    const errors = (await request(env.http).get(`/v1/batches/${status.id}/errors`).set('Authorization', `Bearer ${a.token}`).expect(200)).body.errors;
    expect(errors.map((e: any) => `${e.row}:${e.field}:${e.code}`)).toEqual([
      '2:gross_revenue:AMOUNT_FRACTION', '3:period:PERIOD_IN_FUTURE', '4:gross_revenue:AMOUNT_FORMAT',
      '5:vat_withheld:AMOUNT_OUT_OF_RANGE', '5:pit_withheld:AMOUNT_OUT_OF_RANGE',
    ]);

    const ndjson = '\n{"seller_ref":"N1","seller_name":"Phạm Thu","phone":"0987654321"}\n\n{"seller_ref":"N2","seller_name":"Vũ Hà","tax_code":"0309478306"}\n' +
      JSON.stringify({ seller_ref: 'L'.repeat(5000), seller_name: 'Too Long' }) + '\n';
    const sellers = await ingest(env, a.token, { kind: 'sellers', type: 'ndjson', body: ndjson });
    expect(sellers.counts).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect((await observation(a.platformId, 'N2')).tax_code).toBe('0309478306');
    expect((await observation(a.platformId, 'N1')).phone).toBe('+84987654321');

    // Empty reports are valid batches with nothing in them.
    for (const [type, body] of [['csv', 'seller_ref,period,gross_revenue\n'], ['json', '[]'], ['ndjson', '\n']] as const) {
      const empty = await ingest(env, a.token, { kind: 'revenue', type, body });
      expect([type, empty.state === 'failed', empty.counts.rows]).toEqual([type, false, 0]);
    }
  });

  it('takes OECD DPI XML into sellers and quarterly revenue, keeping withheld tax whole', async () => {
    const xml = dpiDocument(2025, [
      dpiSeller({ docType: 'OECD1', docRefId: 'VN-2025-1', tin: '0101243150', first: 'Hoa', middle: 'Thị', last: 'Đỗ', birthDate: '1985-04-02',
        quarters: [['1000000', '3', '10000', '15000'], ['2000000', '5', '20000', '30000'], ['0', '0', '0', '0'], ['1.90', '1', '0', '0']] }),
      dpiSeller({ docType: 'OECD1', docRefId: 'VN-2025-2', first: 'Minh', last: 'Lý', city: 'Đà Nẵng',
        quarters: [['500', '1', '0', '0'], ['600', '1', '0', '0'], ['700', '1', '0', '0'], ['800', '1', '0', '0']] }),
      dpiSeller({ docType: 'OECD1', docRefId: 'VN-2025-3', first: 'Big', last: 'Count',
        quarters: [['1', '99999999999', '0', '0'], ['1', '1', '0', '0'], ['1', '1', '0', '0'], ['1', '1', '0', '0']] }),
    ]);
    const status = await ingest(env, a.token, { kind: 'sellers', type: 'xml', body: xml });
    expect(status.kind).toBe('dpi');
    expect(status.counts).toMatchObject({ rows: 3, accepted: 1, rejected: 2 });
    const errors = (await request(env.http).get(`/v1/batches/${status.id}/errors`).set('Authorization', `Bearer ${a.token}`).expect(200)).body.errors;
    expect(errors.map((e: any) => `${e.row}:${e.field}:${e.code}:${e.severity}`)).toEqual(['1:cons_q4:AMOUNT_FRACTION:error', '3:numb_q1:AMOUNT_OUT_OF_RANGE:error']);
    const minh = await observation(a.platformId, 'DOC:VN-2025-2');
    expect(minh).toMatchObject({ seller_name: 'Lý Minh', doc_ref_id: 'VN-2025-2', province_new_code: '48', is_resident: true, category: 'goods' });
    const revenue = await env.dataSource.query(
      `SELECT cr.period, cr.gross_revenue::text AS gross, cr.tax_withheld::text AS tax, cr.withholding_split FROM current_revenue cr
         JOIN platform_sellers ps ON ps.id = cr.seller_id WHERE ps.seller_ref = 'DOC:VN-2025-2' ORDER BY cr.period`,
    );
    expect(revenue.map((r: any) => `${r.period}=${r.gross}`)).toEqual(['2025-Q1=500', '2025-Q2=600', '2025-Q3=700', '2025-Q4=800']);
    expect(revenue[0].withholding_split).toBe(false);
  });

  it('refuses structurally bad batches with a stable code and writes nothing', async () => {
    // Later stages still at work on earlier batches would change their tables.
    const before = await quiescent(env, officer, () => everyTableCount(env.dataSource));
    const cases: Array<[string, Parameters<typeof postBatch>[2], number, string]> = [
      ['wrong content type', { kind: 'sellers', type: 'text/plain', body: 'seller_ref,seller_name\nX,Y\n' }, 415, 'UNSUPPORTED_CONTENT_TYPE'],
      ['missing required header', { kind: 'sellers', type: 'csv', body: 'seller_ref,shop_name\nX,Y\n' }, 400, 'CSV_MISSING_REQUIRED_COLUMN'],
      ['unterminated quote', { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nX,Y\nZ,"W\n' }, 400, 'CSV_MALFORMED'],
      ['extra column', { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nX,Y\nZ,W,Q\n' }, 400, 'CSV_MALFORMED'],
      ['malformed JSON', { kind: 'sellers', type: 'json', body: '[{"seller_ref":"X","seller_name":"Y"},{"seller_ref":' }, 400, 'JSON_MALFORMED'],
      ['JSON not an array', { kind: 'sellers', type: 'json', body: '{"seller_ref":"X"}' }, 400, 'JSON_NOT_ARRAY'],
      ['malformed NDJSON', { kind: 'sellers', type: 'ndjson', body: '{"seller_ref":"X","seller_name":"Y"}\n{oops}\n' }, 400, 'JSON_MALFORMED'],
      ['XML not well-formed', { kind: 'sellers', type: 'xml', body: '<dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1"><dpi:MessageSpec></dpi:DPI_OECD>' }, 400, 'XML_MALFORMED'],
      ['XML not DPI', { kind: 'sellers', type: 'xml', body: '<?xml version="1.0"?><sellers><seller/></sellers>' }, 400, 'XML_NOT_DPI'],
      ['DTD with entities', { kind: 'sellers', type: 'xml', body: '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1">&b;</dpi:DPI_OECD>' }, 400, 'XML_DTD_FORBIDDEN'],
      ['external entity', { kind: 'sellers', type: 'xml', body: '<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1"/>' }, 400, 'XML_DTD_FORBIDDEN'],
      ['body over the limit', { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\n' + 'X,Y\n'.repeat(20_000) }, 413, 'BATCH_TOO_LARGE'],
      ['DPI as CSV', { kind: 'dpi', type: 'csv', body: 'doc_type\nOECD1\n' }, 415, 'UNSUPPORTED_CONTENT_TYPE'],
      ['unknown kind', { kind: 'nonsense', type: 'csv', body: 'a\n1\n' }, 400, 'BATCH_KIND_UNKNOWN'],
      ['invalid mode', { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nX,Y\n', mode: 'everything' as never }, 400, 'BATCH_MODE_INVALID'],
    ];
    for (const [name, options, status, code] of cases) {
      const response = await postBatch(env, a.token, options);
      expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status, code });
      expect(await everyTableCount(env.dataSource)).toEqual(before);
    }
    const malformed = await postBatch(env, a.token, { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nA,B\nC,D\nE,F,G\n' });
    expect(malformed.body.details).toEqual({ record: 3, line: 4 });
    const noKey = await request(env.http).post('/v1/batches?kind=sellers').set('Authorization', `Bearer ${a.token}`).set('Content-Type', 'text/csv').send('seller_ref,seller_name\nX,Y\n');
    expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    expect(await everyTableCount(env.dataSource)).toEqual(before);
  });

  it('answers a repeated Idempotency-Key with the same batch and creates nothing; other content is a conflict', async () => {
    const body = 'seller_ref,seller_name\nI1,Idem One\n';
    const first = await postBatch(env, a.token, { kind: 'sellers', type: 'csv', body, key: 'idem-1' });
    expect(first.status).toBe(202);
    await settled(env, a.token, first.body.id);
    const before = await everyTableCount(env.dataSource);
    const again = await postBatch(env, a.token, { kind: 'sellers', type: 'csv', body, key: 'idem-1' });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    const other = await postBatch(env, a.token, { kind: 'sellers', type: 'csv', body: body + 'I2,Other\n', key: 'idem-1' });
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    const racing = await Promise.all([1, 2, 3, 4].map(() => postBatch(env, a.token, { kind: 'sellers', type: 'csv', body, key: 'idem-race' })));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    expect(racing.filter((r) => r.status === 202)).toHaveLength(1);
    const after = await everyTableCount(env.dataSource);
    expect(after['public.batches']).toBe(before['public.batches'] + 1);
    // The same key is another platform's own namespace.
    expect((await postBatch(env, b.token, { kind: 'sellers', type: 'csv', body, key: 'idem-1' })).status).toBe(202);
  });

  it('shows a platform only its own batches: another platform gets 404', async () => {
    const mine = await postBatch(env, a.token, { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nP1,Own\n' });
    for (const path of [`/v1/batches/${mine.body.id}`, `/v1/batches/${mine.body.id}/errors`, `/v1/batches/${mine.body.id}/errors?format=csv`]) {
      const response = await request(env.http).get(path).set('Authorization', `Bearer ${b.token}`);
      expect([path, response.status, response.body.code]).toEqual([path, 404, 'BATCH_NOT_FOUND']);
    }
    const listB = (await request(env.http).get('/v1/batches').set('Authorization', `Bearer ${b.token}`).expect(200)).body.batches;
    expect(listB.map((x: any) => x.id)).not.toContain(mine.body.id);
    const listA = (await request(env.http).get('/v1/batches?limit=200').set('Authorization', `Bearer ${a.token}`).expect(200)).body.batches;
    expect(listA.map((x: any) => x.id)).toContain(mine.body.id);
    expect(listA.every((x: any) => x.platformCode === 'formats-a')).toBe(true);
    const all = (await request(env.http).get('/v1/batches?limit=500').set('Authorization', `Bearer ${officer}`).expect(200)).body.batches;
    expect(new Set(all.map((x: any) => x.platformCode))).toEqual(new Set(['formats-a', 'formats-b']));
    expect((await request(env.http).get(`/v1/batches/${mine.body.id}`).set('Authorization', `Bearer ${officer}`)).status).toBe(200);
    const wrongRole = await postBatch(env, authority, { kind: 'sellers', type: 'csv', body: 'seller_ref,seller_name\nX,Y\n' });
    expect([wrongRole.status, wrongRole.body.code]).toEqual([403, 'BATCH_KIND_FORBIDDEN']);
  });
});
