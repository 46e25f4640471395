import type { PoolClient } from 'pg';
import { piiSql } from '../pii/pii-crypto';
import { createTemp } from './authority-sql';

/**
 * Applies resolved registry rows: identifiers, versions, the change log and the declarations that can now be
 * resolved. A row whose content equals the taxpayer's current version creates no version; a changed one
 * closes the current version (`valid_to`) and appends the next, so "as of" questions read
 * `valid_from <= t AND (valid_to IS NULL OR valid_to > t)`.
 */
export async function applyTaxpayerRows(client: PoolClient, batchId: string, encryptionKey: Buffer, indexKey: Buffer): Promise<void> {
  await upsertIdentifiers(client, batchId);
  await appendVersions(client, batchId, encryptionKey, indexKey);
  await recordChanges(client, batchId);
  // Declarations filed under any identifier this batch brought (or repointed) now belong to its taxpayer.
  await client.query(`
    UPDATE declarations d SET taxpayer_id = ti.taxpayer_id
    FROM taxpayer_identifiers ti
    WHERE ti.bidx IN (SELECT bidx FROM tp_ids) AND d.taxpayer_bidx = ti.bidx
      AND d.taxpayer_id IS DISTINCT FROM ti.taxpayer_id`);
}

/**
 * New identifiers are added; a known one changes kind when the registry now says so (a current code listed as
 * previous). When a row names a current tax code, the taxpayer's other current codes become previous ones.
 * Identifiers are never deleted: an old code still identifies the person in old documents.
 */
async function upsertIdentifiers(client: PoolClient, batchId: string): Promise<void> {
  await createTemp(client, 'tp_ident_changed', 'SELECT NULL::bigint AS taxpayer_id, NULL::bigint AS row_number LIMIT 0');
  await client.query(
    `WITH up AS (
       INSERT INTO taxpayer_identifiers (bidx, taxpayer_id, kind, tax_code, batch_id)
       SELECT i.bidx, a.taxpayer_id, i.kind, i.clear, $1 FROM tp_ids i JOIN tp_apply a ON a.row_number = i.row_number
       ON CONFLICT (bidx) DO UPDATE SET kind = EXCLUDED.kind, tax_code = EXCLUDED.tax_code
         WHERE taxpayer_identifiers.kind <> EXCLUDED.kind
       RETURNING taxpayer_id
     )
     INSERT INTO tp_ident_changed SELECT DISTINCT up.taxpayer_id, a.row_number FROM up JOIN tp_apply a ON a.taxpayer_id = up.taxpayer_id`,
    [batchId],
  );
  await client.query(`
    WITH demoted AS (
      UPDATE taxpayer_identifiers ti SET kind = 'previous_tax_code'
      FROM tp_apply a
      WHERE ti.taxpayer_id = a.taxpayer_id AND a.has_current_code AND ti.kind = 'tax_code'
        AND NOT EXISTS (SELECT 1 FROM tp_ids i WHERE i.row_number = a.row_number AND i.bidx = ti.bidx)
      RETURNING ti.taxpayer_id, a.row_number
    )
    INSERT INTO tp_ident_changed SELECT DISTINCT taxpayer_id, row_number FROM demoted`);
}

/** What a version holds, compared as one row value (`p` = the table alias). Spelling-only changes of a recognised province or category are not changes. */
const content = (p: string) => `(${p}.tax_code, ${p}.national_id_bidx, ${p}.national_id_kind, ${p}.name, ${p}.date_of_birth,
  ${p}.phone_bidx, ${p}.email, ${p}.address, coalesce(${p}.province_old_code || '/' || ${p}.province_new_code, ${p}.province_raw),
  coalesce(${p}.business_category, ${p}.business_category_raw), ${p}.status, ${p}.registered_on)`;

async function appendVersions(client: PoolClient, batchId: string, encryptionKey: Buffer, indexKey: Buffer): Promise<void> {
  await createTemp(
    client,
    'tp_versions',
    `SELECT c.* FROM (
       SELECT a.row_number, a.taxpayer_id, t.current_version + 1 AS version,
         r.tax_code_clear AS tax_code, coalesce(r.personal_id, r.cmnd) AS national_id,
         CASE WHEN r.personal_id IS NOT NULL THEN 'cccd' WHEN r.cmnd IS NOT NULL THEN 'cmnd' END AS national_id_kind,
         CASE WHEN coalesce(r.personal_id, r.cmnd) IS NOT NULL THEN ${piiSql.blindIndex('coalesce(r.personal_id, r.cmnd)', '$1')} END AS national_id_bidx,
         r.name, r.date_of_birth, r.phone,
         CASE WHEN r.phone IS NOT NULL THEN ${piiSql.blindIndex('r.phone', '$1')} END AS phone_bidx,
         r.email, r.address, r.province_raw, r.province_old_code, r.province_new_code,
         r.business_category, CASE WHEN r.business_category IS NULL THEN r.business_category_raw END AS business_category_raw,
         r.status, r.registered_on
       FROM tp_apply a
       JOIN tp_rows r ON r.row_number = a.row_number
       JOIN taxpayers t ON t.id = a.taxpayer_id
     ) c
     LEFT JOIN taxpayer_versions cur ON cur.taxpayer_id = c.taxpayer_id AND cur.valid_to IS NULL
     WHERE cur.taxpayer_id IS NULL OR ${content('cur')} IS DISTINCT FROM ${content('c')}`,
    [indexKey],
  );
  await client.query(`
    UPDATE taxpayer_versions v SET valid_to = now()
    FROM tp_versions n WHERE v.taxpayer_id = n.taxpayer_id AND v.valid_to IS NULL`);
  await client.query(
    `INSERT INTO taxpayer_versions (
       taxpayer_id, version, batch_id, row_number, tax_code, national_id_enc, national_id_bidx, national_id_masked,
       national_id_kind, name, date_of_birth, phone_enc, phone_bidx, phone_masked, email, address, province_raw,
       province_old_code, province_new_code, business_category, business_category_raw, status, registered_on, valid_from)
     SELECT taxpayer_id, version, $1, row_number, tax_code,
       CASE WHEN national_id IS NOT NULL THEN ${piiSql.encrypt('national_id', '$2')} END, national_id_bidx,
       CASE WHEN national_id IS NOT NULL THEN ${piiSql.mask('national_id')} END, national_id_kind,
       name, date_of_birth,
       CASE WHEN phone IS NOT NULL THEN ${piiSql.encrypt('phone', '$2')} END, phone_bidx,
       CASE WHEN phone IS NOT NULL THEN ${piiSql.mask('phone')} END,
       email, address, province_raw, province_old_code, province_new_code, business_category, business_category_raw,
       status, registered_on, now()
     FROM tp_versions`,
    [batchId, encryptionKey],
  );
}

/**
 * One `taxpayer_changes` row per taxpayer the batch touched, with how (created, attributes, identifiers,
 * merged, absorbed), and `taxpayers.changed_at` / `changed_batch_id` moved: identity resolution re-matches
 * the sellers whose reported identifiers or links reach these taxpayers, and no others.
 */
async function recordChanges(client: PoolClient, batchId: string): Promise<void> {
  await client.query(
    `WITH added AS (
       INSERT INTO taxpayer_changes (batch_id, taxpayer_id, row_number, kinds)
       SELECT $1, taxpayer_id, min(row_number), array_agg(DISTINCT kind ORDER BY kind)
       FROM (
         SELECT taxpayer_id, row_number, 'created' AS kind FROM tp_apply WHERE created
         UNION ALL SELECT taxpayer_id, row_number, 'attributes' FROM tp_versions WHERE version > 1
         UNION ALL SELECT i.taxpayer_id, i.row_number, 'identifiers'
           FROM tp_ident_changed i JOIN tp_apply a ON a.taxpayer_id = i.taxpayer_id WHERE NOT a.created
         UNION ALL SELECT survivor, row_number, 'merged' FROM tp_merges
         UNION ALL SELECT absorbed, row_number, 'absorbed' FROM tp_merges
       ) c
       GROUP BY taxpayer_id
       ON CONFLICT (batch_id, taxpayer_id) DO NOTHING
       RETURNING taxpayer_id
     )
     UPDATE taxpayers t SET changed_at = now(), changed_batch_id = $1,
       current_version = coalesce(v.version, t.current_version)
     FROM added LEFT JOIN tp_versions v ON v.taxpayer_id = added.taxpayer_id
     WHERE t.id = added.taxpayer_id`,
    [batchId],
  );
}
