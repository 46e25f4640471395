import { Client } from 'pg';
import { appendAudit } from '../../src/audit/audit-append';
import { AUDIT_ACTIONS } from '../../src/audit/audit-entry';
import { AppConfig } from '../../src/config/app-config';
import { piiSql } from '../../src/pii/pii-crypto';
import { phoneForms, scanForPlaintextPii } from '../support/plaintext-pii-scan';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Personal identifiers at rest: after a small ingest into the contract tables (written set-based through
 * piiSql, as intake does), no column of any table holds a national ID or phone number in clear.
 * Once intake lands, the same scan belongs after a real upload (see test/support/plaintext-pii-scan.ts).
 */
describe('personal data at rest', () => {
  let db: TestDatabase;
  let client: Client;
  let config: AppConfig;
  const people = Array.from({ length: 40 }, (_, i) => ({
    cccd: `0790${String(85 + (i % 10)).padStart(2, '0')}${String(100000 + i * 7919).slice(-6)}`,
    cmnd: String(200000000 + i * 104729),
    phone: `+849${String(10000000 + i * 86311).slice(-8)}`,
    taxCode: `03${String(10000000 + i * 1237).slice(-8)}`,
  }));
  const known = people.flatMap((p) => [p.cccd, p.cmnd, ...phoneForms(p.phone)]);
  const run = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url);
    client = new Client({ connectionString: db.url });
    await client.connect();
    await ingest();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  async function ingest(): Promise<void> {
    const { piiEncryptionKey: key, piiIndexKey: indexKey } = config.secrets;
    const [platform] = await run(`INSERT INTO platforms (code, name) VALUES ('scan-test', 'Scan Test') RETURNING id`);
    const [credential] = await run(`INSERT INTO credentials (key_prefix, key_hash, role, platform_id) VALUES ('scanprefix01', '\\x00', 'platform', $1) RETURNING id`, [platform.id]);
    const [batch] = await run(
      `INSERT INTO batches (scope, platform_id, submitted_by, kind, format, idempotency_key, content_sha256, byte_size)
       VALUES ($1::text, $1::uuid, $2, 'sellers', 'csv', 'scan-1', repeat('ab', 32), 1000) RETURNING id`,
      [platform.id, credential.id],
    );
    const columns = [people.map((_, i) => `shop-${i}`), people.map((p) => p.cccd), people.map((p) => p.cmnd), people.map((p) => p.phone), people.map((p) => p.taxCode)];
    await run(
      `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(ref, cccd, cmnd, phone, tax_code, n)),
            sellers AS (INSERT INTO platform_sellers (platform_id, seller_ref, current_version) SELECT $6, ref, 1 FROM u RETURNING id, seller_ref)
       INSERT INTO seller_observations (seller_id, batch_id, row_number, version, shop_name, seller_name, tax_code, tax_code_bidx,
                                        national_id_enc, national_id_bidx, national_id_kind, national_id_masked, phone_enc, phone_bidx, phone_masked, address)
       SELECT s.id, $7, u.n, 1, 'Shop ' || u.n, 'Nguyễn Văn ' || u.n, u.tax_code, ${piiSql.blindIndex('u.tax_code', '$9')},
              ${piiSql.encrypt("CASE WHEN u.n % 2 = 0 THEN u.cccd ELSE u.cmnd END", '$8')}, ${piiSql.blindIndex("CASE WHEN u.n % 2 = 0 THEN u.cccd ELSE u.cmnd END", '$9')},
              CASE WHEN u.n % 2 = 0 THEN 'cccd' ELSE 'cmnd' END, ${piiSql.mask("CASE WHEN u.n % 2 = 0 THEN u.cccd ELSE u.cmnd END")},
              ${piiSql.encrypt('u.phone', '$8')}, ${piiSql.blindIndex('u.phone', '$9')}, ${piiSql.mask('u.phone')}, 'Số ' || u.n || ' Lê Lợi, Quận 1'
         FROM u JOIN sellers s ON s.seller_ref = u.ref`,
      [...columns, platform.id, batch.id, key, indexKey],
    );
    await run(
      `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(cccd, phone, tax_code, n)),
            tp AS (INSERT INTO taxpayers (current_version) SELECT 1 FROM u RETURNING id),
            paired AS (SELECT u.*, tp.id AS taxpayer_id FROM u JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tp) tp ON tp.n = u.n),
            versions AS (
              INSERT INTO taxpayer_versions (taxpayer_id, version, batch_id, row_number, tax_code, national_id_enc, national_id_bidx, national_id_masked,
                                             name, phone_enc, phone_bidx, phone_masked, status)
              SELECT taxpayer_id, 1, $4, n, tax_code, ${piiSql.encrypt('cccd', '$5')}, ${piiSql.blindIndex('cccd', '$6')}, ${piiSql.mask('cccd')},
                     'Hộ kinh doanh ' || n, ${piiSql.encrypt('phone', '$5')}, ${piiSql.blindIndex('phone', '$6')}, ${piiSql.mask('phone')}, 'active'
                FROM paired RETURNING taxpayer_id),
            ids AS (
              INSERT INTO taxpayer_identifiers (bidx, taxpayer_id, kind, tax_code, batch_id)
              SELECT ${piiSql.blindIndex('cccd', '$6')}, taxpayer_id, 'personal_id', NULL, $4 FROM paired
              UNION ALL SELECT ${piiSql.blindIndex('tax_code', '$6')}, taxpayer_id, 'tax_code', tax_code, $4 FROM paired)
       INSERT INTO declarations (batch_id, row_number, taxpayer_bidx, taxpayer_id, tax_code_masked, period, period_start, declared_revenue, version)
       SELECT $4, n, ${piiSql.blindIndex('cccd', '$6')}, taxpayer_id, ${piiSql.mask('tax_code')}, '2025-Q1', '2025-01-01', 123456789, 1 FROM paired`,
      [people.map((p) => p.cccd), people.map((p) => p.phone), people.map((p) => p.taxCode), batch.id, key, indexKey],
    );
    // What an officer's look at a taxpayer leaves behind in the audit log: ids and field names, no values.
    await appendAudit(run, {
      action: AUDIT_ACTIONS.personalDataRead,
      actor: { role: 'officer', name: 'officer-1' },
      subjectType: 'taxpayer',
      fields: ['national_id', 'phone'],
      purpose: 'case_review',
    }, ['1', '2', '3']);
  }

  it('finds no national ID or phone number in clear in any column of any table', async () => {
    const counted = await run(`SELECT (SELECT count(*) FROM seller_observations)::int AS obs, (SELECT count(*) FROM taxpayer_versions)::int AS tps, (SELECT count(*) FROM audit_log)::int AS audit`);
    expect(counted[0]).toEqual({ obs: 40, tps: 40, audit: 3 });
    expect(await scanForPlaintextPii(run, { knownValues: known })).toEqual([]);
  });

  it('catches a leak into a text, a jsonb and a bytea column, naming each', async () => {
    const leakedPhone = people[3].phone;
    const leakedId = people[4].cccd;
    await run(`BEGIN`);
    try {
      await run(`UPDATE seller_observations SET address = 'gọi ' || $1 WHERE row_number = 1`, [leakedPhone.replace('+84', '+84 ')]);
      await run(`INSERT INTO seller_links (seller_id, band, model_version, input_version, explanation) SELECT id, 'none', 't', 1, jsonb_build_object('id', $1::text) FROM platform_sellers LIMIT 1`, [leakedId]);
      await run(`UPDATE taxpayer_versions SET phone_enc = convert_to($1, 'UTF8') WHERE row_number = 2`, [`0${people[5].phone.slice(3)}`]);
      const findings = await scanForPlaintextPii(run, { knownValues: known });
      expect(findings).toEqual(expect.arrayContaining([
        { table: 'seller_observations', column: 'address', net: 'known_value', rows: 1 },
        { table: 'seller_observations', column: 'address', net: 'phone_shape', rows: 1 },
        { table: 'seller_links', column: 'explanation', net: 'known_value', rows: 1 },
        { table: 'seller_links', column: 'explanation', net: 'cccd_shape', rows: 1 },
        { table: 'taxpayer_versions', column: 'phone_enc', net: 'known_value', rows: 1 },
      ]));
      // Shapes alone catch what no test fed in, and take neither a uuid nor an amount for an identifier.
      await run(`UPDATE batches SET error_message = 'see 00000000-0000-4000-8000-000000000000, total 100000000000'`);
      const shapesOnly = await scanForPlaintextPii(run);
      expect(shapesOnly.map((f) => `${f.table}.${f.column}:${f.net}`).sort()).toEqual(['seller_links.explanation:cccd_shape', 'seller_observations.address:phone_shape']);
    } finally {
      await run(`ROLLBACK`);
    }
  });
});
