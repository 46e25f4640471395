import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestEnv, waitFor } from '../support/test-env';

/** Helpers shared by the intake tests (not a spec file). */
export const CT = { csv: 'text/csv', json: 'application/json', ndjson: 'application/x-ndjson', xml: 'application/xml' } as const;

export interface PostOptions {
  kind: string;
  type: keyof typeof CT | string;
  body: string | Buffer;
  key?: string;
  mode?: 'supplementary' | 'replacement';
}

let keys = 0;

export function postBatch(env: TestEnv, token: string, options: PostOptions) {
  const req = request(env.http)
    .post(`/v1/batches?kind=${options.kind}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', CT[options.type as keyof typeof CT] ?? options.type)
    .set('Idempotency-Key', options.key ?? `key-${process.pid}-${++keys}-${Date.now()}`);
  if (options.mode) req.set('X-Batch-Mode', options.mode);
  // A string is sent as is (superagent would JSON-encode a Buffer sent as application/json).
  return req.send(options.body);
}

export async function batchStatus(env: TestEnv, token: string, id: string) {
  return (await request(env.http).get(`/v1/batches/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
}

/** Waits until the batch has left intake (loaded or beyond) and returns its status. */
export async function settled(env: TestEnv, token: string, id: string, timeoutMs = 30_000) {
  return waitFor(async () => {
    const status = await batchStatus(env, token, id);
    return ['loaded', 'matching', 'done', 'failed'].includes(status.state) ? status : undefined;
  }, timeoutMs, 100);
}

/** Waits until every queue is empty and no batch is unfinished (GET /v1/status idle), as an officer. */
export async function idle(env: TestEnv, officerToken: string, timeoutMs = 60_000) {
  await waitFor(async () => (await request(env.http).get('/v1/status').set('Authorization', `Bearer ${officerToken}`)).body.idle, timeoutMs, 200);
}

/**
 * Waits until the system is idle and stays so across a few sweeper ticks (1 s in tests): a sweep may still find
 * changes that no job announced (reconciliation scans what earlier batches changed) just after an idle moment.
 */
export async function quiescent<T>(env: TestEnv, officerToken: string, snapshot: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  await idle(env, officerToken, timeoutMs);
  let last = JSON.stringify(await snapshot());
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await idle(env, officerToken, Math.max(1_000, deadline - Date.now()));
    const now = await snapshot();
    if (JSON.stringify(now) === last) return now;
    last = JSON.stringify(now);
  }
  throw new Error('the system did not settle');
}

/** Posts and waits; fails the test on anything but 202. */
export async function ingest(env: TestEnv, token: string, options: PostOptions) {
  const response = await postBatch(env, token, options);
  if (response.status !== 202) throw new Error(`expected 202, got ${response.status}: ${JSON.stringify(response.body)}`);
  return settled(env, token, response.body.id);
}

/** Row counts of every table in public and staging: "nothing written" means this does not change. */
export async function everyTableCount(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: Array<{ name: string }> = await dataSource.query(
    // audit_log records the refused request itself (another capability's trail), which is as it should be.
    `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'staging') AND tablename <> 'audit_log' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    try {
      counts[name] = Number((await dataSource.query(`SELECT count(*) AS n FROM ${name}`))[0].n);
    } catch (error) {
      // A staging table the worker dropped (its batch merged) between the listing and the count.
      if (!/does not exist/.test(String(error))) throw error;
    }
  }
  return counts;
}

export function dpiDocument(year: number, sellers: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1" xmlns:stf="urn:oecd:ties:dpistf:v1" version="1.0">
  <dpi:MessageSpec>
    <dpi:SendingEntityIN>0100109106</dpi:SendingEntityIN>
    <dpi:TransmittingCountry>VN</dpi:TransmittingCountry>
    <dpi:ReceivingCountry>VN</dpi:ReceivingCountry>
    <dpi:MessageType>DPI</dpi:MessageType>
    <dpi:MessageRefId>VN-${year}-MSG</dpi:MessageRefId>
    <dpi:MessageTypeIndic>DPI401</dpi:MessageTypeIndic>
    <dpi:ReportingPeriod>${year}-12-31</dpi:ReportingPeriod>
    <dpi:Timestamp>${year + 1}-01-15T10:00:00</dpi:Timestamp>
  </dpi:MessageSpec>
  <dpi:DPIBody>
    <dpi:PlatformOperator>
      <dpi:ResCountryCode>VN</dpi:ResCountryCode>
      <dpi:TIN issuedBy="VN">0100109106</dpi:TIN>
      <dpi:Name>GlobeMart</dpi:Name>
      <dpi:DocSpec><stf:DocTypeIndic>OECD1</stf:DocTypeIndic><stf:DocRefId>VN-PO-1</stf:DocRefId></dpi:DocSpec>
    </dpi:PlatformOperator>
${sellers.join('\n')}
  </dpi:DPIBody>
</dpi:DPI_OECD>`;
}

export interface DpiSeller {
  docType: 'OECD0' | 'OECD1' | 'OECD2' | 'OECD3';
  docRefId: string;
  corrDocRefId?: string;
  tin?: string;
  first: string;
  middle?: string;
  last: string;
  city?: string;
  birthDate?: string;
  /** [cons, numb, fees, tax] per quarter */
  quarters: Array<[string, string, string, string]>;
}

export function dpiSeller(s: DpiSeller): string {
  const q = (prefix: string, i: number) => s.quarters.map((v, n) => `<dpi:${prefix}Q${n + 1} currCode="VND">${v[i]}</dpi:${prefix}Q${n + 1}>`).join('');
  return `    <dpi:ReportableSeller>
      <dpi:Identity><dpi:IndividualSeller><dpi:Standard><dpi:IndSellerID>
        <dpi:ResCountryCode>VN</dpi:ResCountryCode>
        ${s.tin ? `<dpi:TIN issuedBy="VN">${s.tin}</dpi:TIN>` : '<dpi:TIN unknown="true"/>'}
        <dpi:Name><dpi:FirstName>${s.first}</dpi:FirstName>${s.middle ? `<dpi:MiddleName>${s.middle}</dpi:MiddleName>` : ''}<dpi:LastName>${s.last}</dpi:LastName></dpi:Name>
        <dpi:Address><dpi:CountryCode>VN</dpi:CountryCode><dpi:AddressFix><dpi:Street>12 Lê Lợi</dpi:Street><dpi:City>${s.city ?? 'Hà Nội'}</dpi:City></dpi:AddressFix></dpi:Address>
        ${s.birthDate ? `<dpi:BirthInfo><dpi:BirthDate>${s.birthDate}</dpi:BirthDate></dpi:BirthInfo>` : ''}
      </dpi:IndSellerID></dpi:Standard></dpi:IndividualSeller></dpi:Identity>
      <dpi:RelevantActivities><dpi:SaleOfGoods>
        <dpi:Consideration>${q('Cons', 0)}</dpi:Consideration>
        <dpi:NumberOfActivities>${q('Numb', 1)}</dpi:NumberOfActivities>
        <dpi:Fees>${q('Fees', 2)}</dpi:Fees>
        <dpi:Taxes>${q('Tax', 3)}</dpi:Taxes>
      </dpi:SaleOfGoods></dpi:RelevantActivities>
      <dpi:DocSpec><stf:DocTypeIndic>${s.docType}</stf:DocTypeIndic><stf:DocRefId>${s.docRefId}</stf:DocRefId>${s.corrDocRefId ? `<stf:CorrDocRefId>${s.corrDocRefId}</stf:CorrDocRefId>` : ''}</dpi:DocSpec>
    </dpi:ReportableSeller>`;
}
