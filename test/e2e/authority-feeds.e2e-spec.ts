import request from 'supertest';
import { blindIndex } from '../../src/pii/pii-crypto';
import { TestEnv, waitFor } from '../support/test-env';
import { hdon } from '../integration/invoices-xml-fixtures';
import { nthTaxCode } from '../integration/registry-support';

/**
 * The tax authority's three feeds through the real door (POST /v1/batches with an `authority` credential),
 * the intake worker and PostgreSQL: every kind in every format it accepts, row errors with codes, identity
 * across old and new tax codes, replacements counted once, structural refusals that write nothing.
 */
describe('authority feeds end to end', () => {
  let env: TestEnv;
  let authority: string;
  let platform: string;

  const TYPES = { csv: 'text/csv', json: 'application/json', ndjson: 'application/x-ndjson', xml: 'application/xml' } as const;
  let keys = 0;
  /** Bodies go as text: supertest would JSON-encode a Buffer sent as application/json. */
  const postBatch = (token: string, o: { kind: string; type: keyof typeof TYPES; body: string; key?: string }) =>
    request(env.http).post(`/v1/batches?kind=${o.kind}`).set('Authorization', `Bearer ${token}`).set('Content-Type', TYPES[o.type])
      .set('Idempotency-Key', o.key ?? `authority-${process.pid}-${++keys}`).send(o.body);
  const ingest = async (token: string, o: { kind: string; type: keyof typeof TYPES; body: string }) => {
    const response = await postBatch(token, o);
    if (response.status !== 202) throw new Error(`expected 202, got ${response.status}: ${JSON.stringify(response.body)}`);
    return waitFor(async () => {
      const status = (await request(env.http).get(`/v1/batches/${response.body.id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
      return ['loaded', 'matching', 'done', 'failed'].includes(status.state) ? status : undefined;
    }, 30_000);
  };
  /** Rows of what intake and the authority kinds write (reads are audited, and matching runs after loads). */
  const written = async () =>
    (await env.dataSource.query(`
      SELECT (SELECT count(*) FROM batches) AS batches, (SELECT count(*) FROM batch_errors) AS errors,
             (SELECT count(*) FROM taxpayers) AS taxpayers, (SELECT count(*) FROM taxpayer_versions) AS versions,
             (SELECT count(*) FROM declarations) AS declarations, (SELECT count(*) FROM invoice_lines) AS lines,
             (SELECT count(*) FROM invoice_aggregates) AS aggregates,
             (SELECT count(*) FROM pg_tables WHERE schemaname = 'staging') AS staging`))[0];
  const errors = async (id: string) =>
    (await request(env.http).get(`/v1/batches/${id}/errors`).set('Authorization', `Bearer ${authority}`).expect(200)).body.errors
      .map((e: any) => `${e.row}:${e.field ?? ''}:${e.code}:${e.severity}`);
  const taxpayerOf = async (code: string) =>
    (await env.dataSource.query('SELECT taxpayer_id::int AS id, kind FROM taxpayer_identifiers WHERE bidx = $1', [blindIndex(code, env.config.secrets.piiIndexKey)]))[0];
  const aggregates = async (seller: string) =>
    (
      await env.dataSource.query(
        `SELECT to_char(month, 'YYYY-MM') AS m, invoice_count AS n, total_payable AS p FROM invoice_aggregates
         WHERE seller_bidx = $1 AND (invoice_count <> 0 OR total_payable <> 0) ORDER BY month`,
        [blindIndex(seller, env.config.secrets.piiIndexKey)],
      )
    ).map((a: any) => `${a.m} ${a.n} ${a.p}`);

  beforeAll(async () => {
    env = await TestEnv.create({ worker: true });
    authority = await env.userToken('feeds-authority', 'authority');
    platform = (await env.platformToken('Feeds Platform')).token;
  });
  afterAll(() => env.close());

  it('takes the registry as CSV, JSON and NDJSON, and reports bad rows with codes', async () => {
    const [a, b, c] = [nthTaxCode(501), nthTaxCode(502), nthTaxCode(503)];
    const csv = '\ufefftax_code,national_id,previous_tax_codes,name,date_of_birth,phone,email,address,province,business_category,status,registered_on\r\n' +
      `${a},,,"Công ty TNHH ""Sao Mai""",,0912345678,info@saomai.vn,"1 Lý Thường Kiệt, Hà Nội",Hà Nội,goods,active,2019-05-01\r\n` +
      `0100109107,,,Bad check digit,,,,,,,active,\r\n`;
    const fromCsv = await ingest(authority, { kind: 'taxpayers', type: 'csv', body: csv });
    expect(fromCsv.counts).toEqual({ rows: 2, accepted: 1, rejected: 1, warned: 0 });
    expect(await errors(fromCsv.id)).toEqual(['2:tax_code:TAX_CODE_CHECK_DIGIT:error']);

    const fromJson = await ingest(authority, {
      kind: 'taxpayers', type: 'json',
      body: JSON.stringify([{ tax_code: b, name: 'Hộ kinh doanh Bình An', status: 'active' }, { tax_code: c, name: 'X', status: 'gone' }]),
    });
    expect(fromJson.counts).toEqual({ rows: 2, accepted: 1, rejected: 1, warned: 0 });
    expect(await errors(fromJson.id)).toEqual(['2:status:STATUS_UNKNOWN:error']);

    const fromNdjson = await ingest(authority, {
      kind: 'taxpayers', type: 'ndjson',
      body: `{"tax_code":"${c}","name":"Cửa hàng Châu","status":"active","phone":"not a phone"}\n`,
    });
    expect(fromNdjson.counts).toEqual({ rows: 1, accepted: 1, rejected: 0, warned: 1 });
    for (const code of [a, b, c]) expect(await taxpayerOf(code)).toMatchObject({ kind: 'tax_code' });
  });

  it('puts a declaration under an old tax code and a registration under the personal ID on one taxpayer', async () => {
    const oldCode = nthTaxCode(504);
    const personalId = '001188002468';
    await ingest(authority, { kind: 'taxpayers', type: 'csv', body: `tax_code,name,status\n${oldCode},Ngô Thị Lan,waiting_id_update\n` });
    const filed = await ingest(authority, {
      kind: 'declarations', type: 'ndjson',
      body: `{"tax_code":"${oldCode}","period":"2026-Q1","declared_revenue":"350000000","tax_paid":"5250000"}\n` +
        `{"tax_code":"${personalId}","period":"2026-04","declared_revenue":"120000000"}\n` +
        `{"tax_code":"${personalId}","period":"2031-Q1","declared_revenue":"1"}\n`,
    });
    expect(filed.counts).toEqual({ rows: 3, accepted: 2, rejected: 1, warned: 0 });
    expect(await errors(filed.id)).toEqual(['3:period:PERIOD_IN_FUTURE:error']);
    await ingest(authority, {
      kind: 'taxpayers', type: 'json',
      body: JSON.stringify([{ tax_code: personalId, previous_tax_codes: oldCode, name: 'Ngô Thị Lan', status: 'active' }]),
    });
    const taxpayer = (await taxpayerOf(oldCode)).id;
    expect(await taxpayerOf(personalId)).toEqual({ id: taxpayer, kind: 'personal_id' });
    const owners = await env.dataSource.query('SELECT DISTINCT taxpayer_id::int AS id FROM declarations WHERE batch_id = $1', [filed.id]);
    expect(owners).toEqual([{ id: taxpayer }]);

    const csv = await ingest(authority, { kind: 'declarations', type: 'csv', body: `period,tax_code,declared_revenue\n2026-Q1,${oldCode},360000000\n` });
    expect(csv.counts).toEqual({ rows: 1, accepted: 1, rejected: 0, warned: 0 });
    const versions = await env.dataSource.query(`SELECT version, declared_revenue, taxpayer_id::int AS id FROM declarations WHERE period = '2026-Q1' AND taxpayer_id = $1 ORDER BY version`, [taxpayer]);
    expect(versions).toEqual([{ version: 1, declared_revenue: '350000000', id: taxpayer }, { version: 2, declared_revenue: '360000000', id: taxpayer }]);

    const json = await ingest(authority, {
      kind: 'declarations', type: 'json',
      body: JSON.stringify([{ tax_code: personalId, period: '2026-05', declared_revenue: '1.5', tax_paid: '0' }, { tax_code: personalId, period: '2026-05', declared_revenue: '130000000' }]),
    });
    expect(json.counts).toEqual({ rows: 2, accepted: 1, rejected: 1, warned: 0 });
    expect(await errors(json.id)).toEqual(['1:declared_revenue:AMOUNT_FRACTION:error']);
    expect(await env.dataSource.query(`SELECT taxpayer_id::int AS id FROM declarations WHERE batch_id = $1`, [json.id])).toEqual([{ id: taxpayer }]);
  });

  it('takes invoices as CSV, JSON, NDJSON and GDT XML, counting a replaced sale once', async () => {
    const seller = nthTaxCode(505);
    const header = 'seller_tax_code,form,series,number,issued_on,buyer_tax_code,total_before_tax,tax_amount,total_payable,replaces\n';
    const fromCsv = await ingest(authority, {
      kind: 'invoices', type: 'csv',
      body: header + `${seller},1,C25TAA,1,2025-10-01,,1000000,100000,1100000,\n${seller},1,C25TAA,2,2025-10-02,,1000000,100000,1100001.5,\n`,
    });
    expect(fromCsv.counts).toEqual({ rows: 2, accepted: 1, rejected: 1, warned: 0 });
    expect(await errors(fromCsv.id)).toEqual(['2:total_payable:AMOUNT_FRACTION:error']);

    const line = (n: number, extra: Record<string, string> = {}) => ({
      seller_tax_code: seller, form: '1', series: 'C25TAA', number: String(n), issued_on: '2025-10-05',
      total_before_tax: '2000000', tax_amount: '160000', total_payable: '2160000', ...extra,
    });
    const fromJson = await ingest(authority, { kind: 'invoices', type: 'json', body: JSON.stringify([line(3), line(4)]) });
    expect(fromJson.counts).toEqual({ rows: 2, accepted: 2, rejected: 0, warned: 0 });
    const fromNdjson = await ingest(authority, {
      kind: 'invoices', type: 'ndjson',
      body: JSON.stringify(line(5, { issued_on: '2025-11-01', replaces: '1/C25TAA/3', total_before_tax: '2500000', tax_amount: '200000', total_payable: '2700000' })) + '\n',
    });
    expect(fromNdjson.counts).toEqual({ rows: 1, accepted: 1, rejected: 0, warned: 0 });

    const fromXml = await ingest(authority, {
      kind: 'invoices', type: 'xml',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<TDiep><TTChung><MLTDiep>999</MLTDiep></TTChung><DLieu>` +
        hdon({ seller, number: '6', date: '2025-11-02' }) + hdon({ seller, number: '7', date: '2025-11-03', mccqt: null }) +
        `</DLieu></TDiep>`,
    });
    expect(fromXml.counts).toEqual({ rows: 2, accepted: 1, rejected: 1, warned: 0 });
    expect(await errors(fromXml.id)).toEqual(['2:authority_code:INVOICE_AUTHORITY_CODE_MISSING:error']);
    const single = await ingest(authority, { kind: 'invoices', type: 'xml', body: hdon({ seller, number: '8', date: '2025-11-04' }) });
    expect(single.counts).toEqual({ rows: 1, accepted: 1, rejected: 0, warned: 0 });

    // October: #1 + #4 (#3 was replaced by #5); November: #5, #6, #8.
    expect(await aggregates(seller)).toEqual(['2025-10 2 3260000', '2025-11 3 4900000']);
  });

  it('refuses authority kinds to platforms and structurally bad uploads, writing nothing', async () => {
    const forbidden = await postBatch(platform, { kind: 'invoices', type: 'csv', body: 'seller_tax_code\n' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('BATCH_KIND_FORBIDDEN');
    const before = await written();
    const dtd = await postBatch(authority, { kind: 'invoices', type: 'xml', body: `<?xml version="1.0"?><!DOCTYPE HDon [<!ENTITY x "x">]>${hdon()}` });
    expect([dtd.status, dtd.body.code]).toEqual([400, 'XML_DTD_FORBIDDEN']);
    const notInvoices = await postBatch(authority, { kind: 'invoices', type: 'xml', body: '<Invoices><Other/></Invoices>' });
    expect([notInvoices.status, notInvoices.body.code]).toEqual([400, 'XML_NOT_EINVOICE']);
    const header = await postBatch(authority, { kind: 'invoices', type: 'csv', body: 'seller_tax_code,form\n0100109106,1\n' });
    expect([header.status, header.body.code]).toEqual([400, 'CSV_MISSING_REQUIRED_COLUMN']);
    const registryXml = await postBatch(authority, { kind: 'taxpayers', type: 'xml', body: '<x/>' });
    expect(registryXml.status).toBe(415);
    expect(await written()).toEqual(before);
  });

  it('returns the same batch for a repeated Idempotency-Key and creates nothing', async () => {
    const seller = nthTaxCode(506);
    const body = `seller_tax_code,form,series,number,issued_on,total_before_tax,tax_amount,total_payable\n${seller},1,K25TAA,1,2025-12-01,10,0,10\n`;
    const first = await postBatch(authority, { kind: 'invoices', type: 'csv', body, key: `invoices-${seller}` });
    expect(first.status).toBe(202);
    await ingest(authority, { kind: 'invoices', type: 'csv', body: body.replace(',1,2025', ',2,2025') });
    const before = await written();
    const again = await postBatch(authority, { kind: 'invoices', type: 'csv', body, key: `invoices-${seller}` });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    expect(await written()).toEqual(before);
    expect(await aggregates(seller)).toEqual(['2025-12 2 20']);
  });
});
