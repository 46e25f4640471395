import { randomBytes } from 'node:crypto';
import { PoolClient } from 'pg';
import { copyLine, copyLines } from '../src/matching/sql/copy-rows';
import { piiSql } from '../src/pii/pii-crypto';

/**
 * Writes platform sellers and registry taxpayers straight into the contract tables, the way intake and the
 * registry do (identifiers encrypted + blind-indexed in SQL, tax codes in clear, provinces resolved), so that
 * matching can be tested, evaluated and benchmarked on its own. Bulk: COPY into staging, then set-based SQL.
 * Used by the matching tests (test/integration/matching-*), `npm run eval:match` and `npm run bench:match`.
 */
export interface SellerInput {
  ref: string;
  name?: string | null;
  shop?: string | null;
  taxCode?: string | null;
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  province?: string | null;
  dob?: string | null; // YYYY-MM-DD
}

export interface TaxpayerInput {
  name: string;
  taxCode?: string | null;
  previousTaxCodes?: string[];
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  province?: string | null;
  dob?: string | null;
}

export interface LoaderKeys {
  piiEncryptionKey: Buffer;
  piiIndexKey: Buffer;
}

const SELLER_STAGE = ['row_number', 'seller_ref', 'seller_name', 'shop_name', 'tax_code', 'national_id', 'phone', 'email', 'address', 'province', 'dob'];
const TAXPAYER_STAGE = ['row_number', 'name', 'tax_code', 'previous', 'national_id', 'phone', 'email', 'address', 'province', 'dob'];

const digitsOnly = (v: string) => `nullif(regexp_replace(${v}, '[^0-9]', '', 'g'), '')`;
// Canonical form of any reported identifier: tax code (10 / NNNNNNNNNN-NNN / 12), national ID (9 / 12), else its digits.
const canonicalId = (v: string) => `coalesce(ect_tax_code_normalize(${v}), ect_national_id_normalize(${v}), ${digitsOnly(v)})`;
const phoneNorm = (v: string) => `coalesce(ect_phone_normalize(${v}), ${digitsOnly(v)})`;
const enc = (v: string) => `CASE WHEN ${v} IS NOT NULL THEN ${piiSql.encrypt(v, '$1')} END`;
const bidx = (v: string) => `CASE WHEN ${v} IS NOT NULL THEN ${piiSql.blindIndex(v, '$2')} END`;
const mask = (v: string) => `CASE WHEN ${v} IS NOT NULL THEN ${piiSql.mask(v)} END`;

export class MatchDataLoader {
  constructor(
    private readonly client: PoolClient,
    private readonly keys: LoaderKeys,
  ) {}

  async platform(code: string): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO platforms (code, name) VALUES ($1, $1) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [code],
    );
    return rows[0].id;
  }

  /** A batch in state `loaded` (as intake leaves it), owned by a throwaway credential. */
  async batch(kind: 'sellers' | 'taxpayers', platformId: string | null): Promise<string> {
    let credentialOwner: { platform_id: string | null; user_id: string | null } = { platform_id: platformId, user_id: null };
    if (!platformId) {
      const { rows } = await this.client.query<{ id: string }>(
        `INSERT INTO users (name, role) VALUES ($1, 'authority') RETURNING id`,
        [`loader-${randomBytes(6).toString('hex')}`],
      );
      credentialOwner = { platform_id: null, user_id: rows[0].id };
    }
    const existing = platformId
      ? await this.client.query<{ id: string }>(`SELECT id FROM credentials WHERE platform_id = $1 AND revoked_at IS NULL`, [platformId])
      : { rows: [] as { id: string }[] };
    const credentialId =
      existing.rows[0]?.id ??
      (
        await this.client.query<{ id: string }>(
          `INSERT INTO credentials (key_prefix, key_hash, role, platform_id, user_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [randomBytes(8).toString('hex'), randomBytes(32), platformId ? 'platform' : 'authority', credentialOwner.platform_id, credentialOwner.user_id],
        )
      ).rows[0].id;
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO batches (scope, platform_id, submitted_by, kind, format, idempotency_key, content_sha256, byte_size, state, loaded_at)
       VALUES ($1, $2, $3, $4, 'csv', $5, $6, 0, 'loaded', now()) RETURNING id`,
      [platformId ? `platform:${platformId}` : 'authority', platformId, credentialId, kind, randomBytes(8).toString('hex'), randomBytes(32).toString('hex')],
    );
    return rows[0].id;
  }

  /** Adds (or versions) sellers of one platform; returns their ids in input order. */
  async sellers(batchId: string, platformId: string, sellers: Iterable<SellerInput> | AsyncIterable<SellerInput>): Promise<string[]> {
    const c = this.client;
    await c.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_load_sellers (row_number integer, seller_ref text, seller_name text, shop_name text,
      tax_code text, national_id text, phone text, email text, address text, province text, dob text, seller_id bigint, version integer)`);
    await c.query(`TRUNCATE tmp_load_sellers`);
    await copyLines(c, 'tmp_load_sellers', SELLER_STAGE, sellerLines(sellers));
    await c.query(`
      INSERT INTO platform_sellers (platform_id, seller_ref, current_version)
      SELECT $1, seller_ref, 0 FROM tmp_load_sellers ON CONFLICT (platform_id, seller_ref) DO NOTHING`, [platformId]);
    await c.query(`
      UPDATE platform_sellers ps SET current_version = ps.current_version + 1, changed_at = now()
      FROM tmp_load_sellers s WHERE ps.platform_id = $1 AND ps.seller_ref = s.seller_ref`, [platformId]);
    await c.query(`
      UPDATE tmp_load_sellers s SET seller_id = ps.id, version = ps.current_version
      FROM platform_sellers ps WHERE ps.platform_id = $1 AND ps.seller_ref = s.seller_ref`, [platformId]);
    await c.query(
      `INSERT INTO seller_observations (seller_id, batch_id, row_number, version, shop_name, seller_name, tax_code, tax_code_enc, tax_code_bidx,
         national_id_enc, national_id_bidx, national_id_kind, national_id_masked, phone_enc, phone_bidx, phone_masked, email, address,
         province_raw, province_old_code, province_new_code, date_of_birth)
       SELECT s.seller_id, $3, s.row_number, s.version, s.shop_name, s.seller_name,
              CASE WHEN length(replace(t.code, '-', '')) IN (10, 13) THEN t.code END,
              CASE WHEN length(replace(t.code, '-', '')) NOT IN (10, 13) THEN ${enc('t.code')} END, ${bidx('t.code')},
              ${enc('n.id')}, ${bidx('n.id')}, CASE WHEN n.id IS NULL THEN NULL ELSE coalesce(ect_national_id_kind(n.id), 'unknown') END, ${mask('n.id')},
              ${enc('p.phone')}, ${bidx('p.phone')}, ${mask('p.phone')}, s.email, s.address,
              s.province, a.old_code, a.new_code, s.dob::date
       FROM tmp_load_sellers s
       CROSS JOIN LATERAL (SELECT ${canonicalId('s.tax_code')} AS code) AS t
       CROSS JOIN LATERAL (SELECT ${canonicalId('s.national_id')} AS id) AS n
       CROSS JOIN LATERAL (SELECT ${phoneNorm('s.phone')} AS phone) AS p
       LEFT JOIN ref_province_aliases a ON a.alias_folded = ect_province_key(s.province)`,
      [this.keys.piiEncryptionKey, this.keys.piiIndexKey, batchId],
    );
    await c.query(`
      UPDATE platform_sellers ps SET current_observation_id = o.id
      FROM tmp_load_sellers s JOIN seller_observations o ON o.seller_id = s.seller_id AND o.version = s.version
      WHERE ps.id = s.seller_id`);
    const { rows } = await c.query<{ seller_id: string }>(`SELECT seller_id FROM tmp_load_sellers ORDER BY row_number`);
    return rows.map((r) => r.seller_id);
  }

  /** Adds registry taxpayers with their identifiers; returns their ids in input order. */
  async taxpayers(batchId: string, taxpayers: Iterable<TaxpayerInput> | AsyncIterable<TaxpayerInput>): Promise<string[]> {
    const c = this.client;
    await c.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_load_taxpayers (row_number integer, name text, tax_code text, previous text,
      national_id text, phone text, email text, address text, province text, dob text, taxpayer_id bigint)`);
    await c.query(`TRUNCATE tmp_load_taxpayers`);
    await copyLines(c, 'tmp_load_taxpayers', TAXPAYER_STAGE, taxpayerLines(taxpayers));
    await c.query(`UPDATE tmp_load_taxpayers SET taxpayer_id = nextval(pg_get_serial_sequence('taxpayers', 'id'))`);
    await c.query(`INSERT INTO taxpayers (id, current_version) OVERRIDING SYSTEM VALUE SELECT taxpayer_id, 1 FROM tmp_load_taxpayers`);
    await c.query(
      `INSERT INTO taxpayer_versions (taxpayer_id, version, batch_id, row_number, tax_code, national_id_enc, national_id_bidx, national_id_masked,
         name, date_of_birth, phone_enc, phone_bidx, phone_masked, email, address, province_raw, province_old_code, province_new_code, status)
       SELECT s.taxpayer_id, 1, $3, s.row_number, CASE WHEN length(replace(t.code, '-', '')) IN (10, 13) THEN t.code END,
              ${enc('n.id')}, ${bidx('n.id')}, ${mask('n.id')}, s.name, s.dob::date,
              ${enc('p.phone')}, ${bidx('p.phone')}, ${mask('p.phone')}, s.email, s.address, s.province, a.old_code, a.new_code, 'active'
       FROM tmp_load_taxpayers s
       CROSS JOIN LATERAL (SELECT ${canonicalId('s.tax_code')} AS code) AS t
       CROSS JOIN LATERAL (SELECT coalesce(${canonicalId('s.national_id')}, CASE WHEN length(t.code) = 12 THEN t.code END) AS id) AS n
       CROSS JOIN LATERAL (SELECT ${phoneNorm('s.phone')} AS phone) AS p
       LEFT JOIN ref_province_aliases a ON a.alias_folded = ect_province_key(s.province)`,
      [this.keys.piiEncryptionKey, this.keys.piiIndexKey, batchId],
    );
    await c.query(
      `INSERT INTO taxpayer_identifiers (bidx, taxpayer_id, kind, tax_code, batch_id)
       SELECT DISTINCT ON (b) b, taxpayer_id, kind, clear, $2 FROM (
         SELECT ${piiSql.blindIndex('i.code', '$1')} AS b, s.taxpayer_id, i.kind,
                CASE WHEN length(replace(i.code, '-', '')) IN (10, 13) THEN i.code END AS clear, i.rank
         FROM tmp_load_taxpayers s
         CROSS JOIN LATERAL (
           SELECT ${canonicalId('s.tax_code')} AS code,
                  CASE WHEN length(${canonicalId('s.tax_code')}) = 12 THEN 'personal_id' ELSE 'tax_code' END AS kind, 0 AS rank
           UNION ALL SELECT ${canonicalId('x')}, CASE WHEN length(${canonicalId('x')}) = 12 THEN 'personal_id' ELSE 'previous_tax_code' END, 1
             FROM unnest(string_to_array(s.previous, ';')) AS x
           UNION ALL SELECT ${canonicalId('s.national_id')}, CASE WHEN length(${canonicalId('s.national_id')}) = 9 THEN 'cmnd' ELSE 'personal_id' END, 2
         ) AS i
         WHERE i.code IS NOT NULL
       ) AS ids
       ORDER BY b, rank
       ON CONFLICT (bidx) DO NOTHING`,
      [this.keys.piiIndexKey, batchId],
    );
    const { rows } = await c.query<{ taxpayer_id: string }>(`SELECT taxpayer_id FROM tmp_load_taxpayers ORDER BY row_number`);
    return rows.map((r) => r.taxpayer_id);
  }
}

async function* sellerLines(sellers: Iterable<SellerInput> | AsyncIterable<SellerInput>): AsyncIterable<string> {
  let i = 0;
  for await (const s of sellers) {
    yield copyLine([++i, s.ref, s.name, s.shop, s.taxCode, s.nationalId, s.phone, s.email, s.address, s.province, s.dob]);
  }
}

async function* taxpayerLines(taxpayers: Iterable<TaxpayerInput> | AsyncIterable<TaxpayerInput>): AsyncIterable<string> {
  let i = 0;
  for await (const t of taxpayers) {
    yield copyLine([++i, t.name, t.taxCode, t.previousTaxCodes?.join(';') || null, t.nationalId, t.phone, t.email, t.address, t.province, t.dob]);
  }
}
