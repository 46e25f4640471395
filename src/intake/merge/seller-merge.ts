import { PoolClient } from 'pg';
import { piiSql } from '../../pii/pii-crypto';
import { ROW_ERROR_MESSAGES } from './error-messages';
import { buildLookups } from './lookups';
import { insertBatchErrors, nextId, Params, run, StepTimer } from './merge-sql';

/** Where the seller fields of a batch come from: a SQL expression per canonical field, over `${from} s`. */
export interface SellerSource {
  from: string;
  field: (name: string) => string;
  /**
   * Extra columns carried into intake_sellers, e.g. `s.doc_type`. Must define is_deleted, doc_ref_id,
   * corr_doc_ref_id, resent (OECD0: accepted, no new version), extra_field and extra_error (a kind-specific
   * rejection, e.g. an unknown CorrDocRefId).
   */
  extra: string[];
  /** Fields whose absence rejects the row. */
  required: string[];
}

const BOOLEAN_TRUE = `('true', 't', '1', 'yes', 'y', 'co', 'có', 'x')`;
const BOOLEAN_FALSE = `('false', 'f', '0', 'no', 'n', 'khong', 'không')`;
const PASSPORT = `'^[A-Z][0-9]{7,8}$'`;
export const MAX_REF = 200;

export const SELLER_WARNINGS: Array<[string, string]> = [
  ['tax_code', 'tax_err'], ['national_id', 'nid_err'], ['phone', 'phone_err'], ['email', 'email_err'],
  ['province', 'prov_err'], ['date_of_birth', 'dob_err'], ['category', 'cat_err'], ['is_resident', 'res_err'],
];

/**
 * Validates every staged seller row in ONE pass into `intake_sellers`: identifier checks with the ect_* SQL
 * twins, the seller's current row (to skip unchanged resends), a keyed content hash, and pre-allocated ids.
 * `OFFSET 0` keeps the inner query from being flattened, so each check runs once per row.
 */
export async function validateSellers(client: PoolClient, p: Params, src: SellerSource, timer = new StepTimer()): Promise<void> {
  const f = src.field;
  await timer.step('lookups', () => buildLookups(client, src.from, { date: f('date_of_birth'), category: f('category'), province: f('province') }));
  // seller_ref is a key (btree-indexed): an absurdly long one is refused rather than failing the whole merge.
  const required = src.required.map((name) =>
    `CASE WHEN x.${name} IS NULL THEN 'REQUIRED_FIELD_MISSING'${name === 'seller_ref' ? ` WHEN length(x.seller_ref) > ${MAX_REF} THEN 'VALUE_TOO_LONG'` : ''} END AS ${name}_req`);
  // Three layers, each fenced with OFFSET 0 so PostgreSQL does not inline one into the next: the ect_* functions
  // are inlined SQL, and an un-fenced reference would re-evaluate the trimmed raw value (or a whole check) at
  // every place the function body mentions its argument.
  const validation = `CREATE TEMP TABLE intake_sellers ON COMMIT DROP AS
     SELECT y.*,
            (${[...src.required.map((n) => `${n}_req IS NULL`), 'extra_error IS NULL'].join(' AND ')}) AS accepted,
            (${[...src.required.map((n) => `${n}_req`), 'extra_error', ...SELLER_WARNINGS.map(([, c]) => c)].map((c) => `${c} IS NOT NULL`).join(' OR ')}) AS has_issue,
            NULL::text AS dup_err,
            substring(hmac(convert_to(concat_ws(chr(31), y.is_deleted, y.seller_name, y.shop_name, y.tax_norm, y.tax_raw, y.nid_key,
                y.phone_norm, y.phone_raw, y.email_norm, y.address, y.province_raw, y.dob, y.category, y.is_resident), 'UTF8'), $5, 'sha256') FROM 1 FOR 16) AS content_hash,
            CASE WHEN y.known_id IS NULL THEN ${nextId('platform_sellers')} END AS new_seller_id,
            ${nextId('seller_observations')} AS obs_id
       FROM (
         SELECT x.*, ${required.join(', ')}${required.length ? ',' : ''}
                CASE WHEN x.phone_raw IS NOT NULL AND x.phone_norm IS NULL THEN 'PHONE_FORMAT' END AS phone_err,
                CASE WHEN x.email_raw IS NOT NULL AND x.email_norm IS NULL THEN 'EMAIL_FORMAT' END AS email_err,
                CASE WHEN x.is_passport THEN 'passport' ELSE coalesce(ect_national_id_kind(x.nid_key), 'unknown') END AS nid_kind,
                CASE WHEN lower(x.res_raw) IN ${BOOLEAN_TRUE} THEN true WHEN lower(x.res_raw) IN ${BOOLEAN_FALSE} THEN false END AS is_resident,
                CASE WHEN x.res_raw IS NOT NULL AND lower(x.res_raw) NOT IN ${BOOLEAN_TRUE} AND lower(x.res_raw) NOT IN ${BOOLEAN_FALSE} THEN 'BOOLEAN_FORMAT' END AS res_err
           FROM (
             SELECT r.*,
                    ect_tax_code_error(r.tax_raw, $3::date) AS tax_err,
                    ect_tax_code_normalize(r.tax_raw) AS tax_norm,
                    upper(r.nid_raw) ~ ${PASSPORT} AS is_passport,
                    CASE WHEN upper(r.nid_raw) ~ ${PASSPORT} THEN upper(r.nid_raw) ELSE ect_national_id_normalize(r.nid_raw) END AS nid_key,
                    CASE WHEN upper(r.nid_raw) !~ ${PASSPORT} THEN ect_national_id_error(r.nid_raw, $3::date) END AS nid_err,
                    ect_phone_normalize(r.phone_raw) AS phone_norm,
                    ect_email_normalize(r.email_raw) AS email_norm,
                    pv.old_code AS province_old_code, pv.new_code AS province_new_code, pv.error AS prov_err,
                    d.value::date AS dob, d.error AS dob_err,
                    c.value AS category, c.error AS cat_err,
                    ps.id AS known_id, ps.current_version AS prev_version, ps.is_active AS prev_active, cur.content_hash AS prev_hash
               FROM (
                 SELECT s.row_number, ${f('seller_ref')} AS seller_ref, ${f('shop_name')} AS shop_name, ${f('seller_name')} AS seller_name,
                        ${f('tax_code')} AS tax_raw, ${f('national_id')} AS nid_raw, ${f('phone')} AS phone_raw, ${f('email')} AS email_raw,
                        ${f('address')} AS address, ${f('province')} AS province_raw, ${f('date_of_birth')} AS dob_raw,
                        ${f('category')} AS category_raw, ${f('is_resident')} AS res_raw, ${src.extra.join(', ')}
                   FROM ${src.from} s OFFSET 0) r
               LEFT JOIN intake_lookup_province pv ON pv.raw = r.province_raw
               LEFT JOIN intake_lookup_date d ON d.raw = r.dob_raw
               LEFT JOIN intake_lookup_category c ON c.raw = r.category_raw
               LEFT JOIN platform_sellers ps ON ps.platform_id = $2 AND ps.seller_ref = r.seller_ref
               LEFT JOIN seller_observations cur ON cur.id = ps.current_observation_id
             OFFSET 0) x
         OFFSET 0) y`;
  await timer.step('validate', () => run(client, validation, p));
  // Statistics only where later statements join or filter (a full ANALYZE of this wide table costs more).
  await timer.step('analyze', () => client.query(`ANALYZE intake_sellers (seller_ref, known_id, accepted)`));
  // The last row for a seller wins; earlier ones are reported, not merged (an OECD0 resend changes nothing, so never competes).
  await timer.step('duplicates', () => client.query(`
    UPDATE intake_sellers v SET dup_err = 'DUPLICATE_IN_BATCH', accepted = false, has_issue = true
      FROM (SELECT seller_ref, max(row_number) AS last FROM intake_sellers WHERE accepted AND NOT resent GROUP BY seller_ref HAVING count(*) > 1) d
     WHERE v.seller_ref = d.seller_ref AND v.accepted AND NOT v.resent AND v.row_number < d.last`));
  const errors: Array<[string, string, 'error' | 'warning']> = [
    ...src.required.map((n): [string, string, 'error'] => [`'${n}'`, `v.${n}_req`, 'error']),
    [`'seller_ref'`, 'v.dup_err', 'error'],
    ['v.extra_field', 'v.extra_error', 'error'],
    ...SELLER_WARNINGS.map(([field, column]): [string, string, 'warning'] => [`'${field}'`, `v.${column}`, 'warning']),
  ];
  await timer.step('batch_errors', () => insertBatchErrors(client, p[0], 'intake_sellers', errors, ROW_ERROR_MESSAGES));
}

const enc = (value: string) => piiSql.encrypt(value, '$4');
const bidx = (value: string) => piiSql.blindIndex(value, '$5');

/**
 * Appends a version for every accepted seller row whose content changed (or that deletes the seller), creates
 * new platform_sellers rows with their first version in place, and moves the current pointers. National IDs,
 * phones and any reported tax code that is not a 10/13-digit MST are stored only encrypted + blind-indexed.
 */
export async function writeSellers(client: PoolClient, p: Params, replacement: boolean, timer = new StepTimer()): Promise<{ accepted: number; rejected: number }> {
  const changed = `v.accepted AND NOT v.resent AND (v.prev_hash IS DISTINCT FROM v.content_hash OR v.is_deleted)`;
  await timer.step('new_sellers', () => run(client,
    `INSERT INTO platform_sellers (id, platform_id, seller_ref, current_observation_id, current_version, is_active, changed_at)
     OVERRIDING SYSTEM VALUE
     SELECT v.new_seller_id, $2, v.seller_ref, v.obs_id, 1, NOT v.is_deleted, now() FROM intake_sellers v
      WHERE v.accepted AND NOT v.resent AND v.known_id IS NULL`,
    p,
  ));
  const clearTax = `v.tax_norm IS NOT NULL AND length(v.tax_norm) IN (10, 14)`;
  await timer.step('observations', () => run(client,
    `INSERT INTO seller_observations (id, seller_id, batch_id, row_number, version, is_deleted, shop_name, seller_name,
        tax_code, tax_code_error, tax_code_bidx, tax_code_enc, national_id_enc, national_id_bidx, national_id_kind, national_id_masked,
        phone_enc, phone_bidx, phone_masked, email, address, province_raw, province_old_code, province_new_code, date_of_birth,
        category, is_resident, doc_ref_id, corr_doc_ref_id, content_hash)
     OVERRIDING SYSTEM VALUE
     SELECT v.obs_id, coalesce(v.known_id, v.new_seller_id), $1, v.row_number, coalesce(v.prev_version, 0) + 1, v.is_deleted,
            v.shop_name, v.seller_name,
            CASE WHEN ${clearTax} THEN CASE WHEN v.tax_err IS NULL THEN v.tax_norm ELSE v.tax_raw END END,
            v.tax_err,
            CASE WHEN v.tax_norm IS NOT NULL THEN ${bidx('v.tax_norm')} END,
            CASE WHEN v.tax_raw IS NOT NULL AND NOT (${clearTax}) THEN ${enc('v.tax_raw')} END,
            CASE WHEN v.nid_raw IS NOT NULL THEN ${enc('coalesce(v.nid_key, v.nid_raw)')} END,
            CASE WHEN v.nid_key IS NOT NULL THEN ${bidx('v.nid_key')} END,
            CASE WHEN v.nid_raw IS NOT NULL THEN v.nid_kind END,
            CASE WHEN v.nid_raw IS NOT NULL THEN ${piiSql.mask('coalesce(v.nid_key, v.nid_raw)')} END,
            CASE WHEN v.phone_raw IS NOT NULL THEN ${enc('coalesce(v.phone_norm, v.phone_raw)')} END,
            CASE WHEN v.phone_norm IS NOT NULL THEN ${bidx('v.phone_norm')} END,
            CASE WHEN v.phone_raw IS NOT NULL THEN ${piiSql.mask('coalesce(v.phone_norm, v.phone_raw)')} END,
            v.email_norm, v.address, v.province_raw, v.province_old_code, v.province_new_code, v.dob, v.category, v.is_resident,
            v.doc_ref_id, v.corr_doc_ref_id, v.content_hash
       FROM intake_sellers v WHERE ${changed}`,
    p,
  ));
  const stats = (await client.query(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE accepted))::int AS accepted,
            (count(*) FILTER (WHERE known_id IS NOT NULL))::int AS known FROM intake_sellers`,
  )).rows[0] as { total: number; accepted: number; known: number };
  // A first report of new sellers has no current rows to move (the common bulk case: skip the join).
  if (stats.known > 0) {
    await timer.step('current_sellers', () => client.query(
      `UPDATE platform_sellers ps
          SET current_observation_id = CASE WHEN ${changed} THEN v.obs_id ELSE ps.current_observation_id END,
              current_version = CASE WHEN ${changed} THEN ps.current_version + 1 ELSE ps.current_version END,
              is_active = NOT v.is_deleted, changed_at = now()
         FROM intake_sellers v
        WHERE ps.id = v.known_id AND v.accepted AND NOT v.resent AND (${changed} OR ps.is_active = v.is_deleted)`,
    ));
  }
  if (replacement) {
    // A replacement report lists every seller the platform has: the others have left it.
    await run(client,
      `UPDATE platform_sellers ps SET is_active = false, changed_at = now()
        WHERE ps.platform_id = $2 AND ps.is_active
          AND NOT EXISTS (SELECT 1 FROM intake_sellers v WHERE v.seller_ref = ps.seller_ref)`,
      p,
    );
  }
  return { accepted: stats.accepted, rejected: stats.total - stats.accepted };
}
