import type { PoolClient } from 'pg';
import { piiSql } from '../pii/pii-crypto';
import { AUTHORITY_ERROR_CODES as C } from './authority-error-codes';
import { createTemp, sqlLiteral } from './authority-sql';

/**
 * Which taxpayer each valid registry row is about. One taxpayer, many identifiers: the current tax code, the
 * previous ones and the personal ID (or old CMND) all point at one `taxpayers` row through
 * `taxpayer_identifiers` (blind index → taxpayer).
 *
 * Rules, in order (each one set-based over the whole batch):
 * 1. A row whose identifier is also claimed by an earlier row of the batch is rejected
 *    (REGISTRY_IDENTIFIER_REPEATED): within one extract the two rows cannot both be right, and "the later row
 *    wins" would silently drop a taxpayer.
 * 2. A row whose identifiers reach a taxpayer that an earlier row of the batch already reaches is rejected
 *    (REGISTRY_TAXPAYER_REPEATED), for the same reason; after this every row owns a disjoint set of taxpayers.
 * 3. A row whose identifiers reach two or more existing taxpayers MERGES them into the oldest (lowest id), with
 *    a REGISTRY_RECORDS_MERGED warning. Why merge rather than reject: the registry is the authority on
 *    identity, and since 07/2025 one person legitimately appears as an old-MST record and a personal-ID record
 *    until the registry links them (status waiting_id_update); the row that lists both IS that link. The
 *    absorbed record keeps its id and versions (readable "as of"), gets `merged_into`, and every identifier and
 *    declaration that pointed at it is repointed, so nothing downstream resolves to it again.
 * 4. A row reaching no taxpayer creates one.
 */
export async function resolveTaxpayers(client: PoolClient, batchId: string, indexKey: Buffer): Promise<void> {
  await collectIdentifiers(client, indexKey);
  await rejectRepeats(client, 'tp_ids', 'bidx', C.REGISTRY_IDENTIFIER_REPEATED);
  await createTemp(
    client,
    'tp_targets',
    `SELECT i.row_number, ti.taxpayer_id, min(i.field) AS field
     FROM tp_ids i JOIN taxpayer_identifiers ti ON ti.bidx = i.bidx
     GROUP BY i.row_number, ti.taxpayer_id`,
  );
  await rejectRepeats(client, 'tp_targets', 'taxpayer_id', C.REGISTRY_TAXPAYER_REPEATED);
  await createTemp(
    client,
    'tp_apply',
    `SELECT r.row_number,
       coalesce(t.survivor, nextval(pg_get_serial_sequence('taxpayers', 'id'))) AS taxpayer_id,
       t.survivor IS NULL AS created,
       coalesce(t.others, '{}') AS absorbed,
       r.tax_code IS NOT NULL AS has_current_code
     FROM tp_rows r
     LEFT JOIN (
       SELECT row_number, min(taxpayer_id) AS survivor,
              (array_agg(taxpayer_id ORDER BY taxpayer_id))[2:] AS others
       FROM tp_targets GROUP BY row_number
     ) t ON t.row_number = r.row_number
     WHERE r.valid`,
  );
  await client.query('ALTER TABLE tp_apply ADD PRIMARY KEY (row_number)');
  await client.query(
    `INSERT INTO taxpayers (id, current_version, created_at, changed_at, changed_batch_id)
     OVERRIDING SYSTEM VALUE
     SELECT taxpayer_id, 0, now(), now(), $1 FROM tp_apply WHERE created`,
    [batchId],
  );
  await mergeRecords(client, batchId);
}

/**
 * `tp_ids (row_number, field, kind, clear, bidx)`: every identifier of every valid row, blind-indexed over
 * its normalised value (the same HMAC platforms' reports are indexed with). A previous tax code that does not
 * validate is dropped with a warning; one repeated within a row counts once, as its strongest kind.
 */
async function collectIdentifiers(client: PoolClient, indexKey: Buffer): Promise<void> {
  await createTemp(
    client,
    'tp_prev',
    `SELECT r.row_number, p.raw, ect_tax_code_normalize(p.raw) AS norm, ect_tax_code_error(p.raw, NULL::date) AS error
     FROM tp_rows r
     CROSS JOIN LATERAL (
       SELECT nullif(btrim(v), '') AS raw FROM unnest(string_to_array(r.previous_tax_codes, ';')) AS v
     ) p
     WHERE r.valid AND p.raw IS NOT NULL`,
  );
  await client.query(`
    INSERT INTO merge_problems (row_number, severity, field, code)
    SELECT row_number, 'warning', 'previous_tax_codes', error FROM tp_prev WHERE error IS NOT NULL`);
  await createTemp(
    client,
    'tp_ids',
    `SELECT DISTINCT ON (row_number, value) row_number, field, kind, clear, ${piiSql.blindIndex('value', '$1')} AS bidx
     FROM (
       SELECT row_number, 'tax_code' AS field, 'tax_code' AS kind, tax_code_clear AS clear, tax_code_clear AS value, 1 AS strength
         FROM tp_rows WHERE valid AND tax_code_clear IS NOT NULL
       UNION ALL
       SELECT row_number, CASE WHEN tax_code_error IS NULL AND length(tax_code_norm) = 12 THEN 'tax_code' ELSE 'national_id' END,
              'personal_id', NULL, personal_id, 2
         FROM tp_rows WHERE valid AND personal_id IS NOT NULL
       UNION ALL
       SELECT row_number, 'national_id', 'cmnd', NULL, cmnd, 3 FROM tp_rows WHERE valid AND cmnd IS NOT NULL
       UNION ALL
       SELECT row_number, 'previous_tax_codes', CASE WHEN length(norm) = 12 THEN 'personal_id' ELSE 'previous_tax_code' END,
              CASE WHEN length(norm) <> 12 THEN norm END, norm, 4
         FROM tp_prev WHERE error IS NULL
     ) i
     ORDER BY row_number, value, strength`,
    [indexKey],
  );
  await client.query('CREATE INDEX ON tp_ids (bidx)');
}

/**
 * Rejects every row that shares `keyColumn` with an earlier row of `table`, records why, and removes the
 * rejected rows from the working tables.
 */
async function rejectRepeats(client: PoolClient, table: string, keyColumn: string, code: string): Promise<void> {
  const { rows } = await client.query<{ row_number: string }>(
    `WITH firsts AS (SELECT ${keyColumn} AS k, min(row_number) AS first_row FROM ${table} GROUP BY ${keyColumn}),
     repeated AS (
       SELECT DISTINCT ON (t.row_number) t.row_number, t.field, f.first_row
       FROM ${table} t JOIN firsts f ON f.k = t.${keyColumn}
       WHERE f.first_row < t.row_number
       ORDER BY t.row_number, f.first_row
     )
     INSERT INTO merge_problems (row_number, severity, field, code, detail)
     SELECT row_number, 'error', field, ${sqlLiteral(code)}, 'first on row ' || first_row FROM repeated
     RETURNING row_number`,
  );
  if (rows.length === 0) return;
  const rejected = rows.map((r) => r.row_number);
  await client.query('UPDATE tp_rows SET valid = false WHERE row_number = ANY($1::bigint[])', [rejected]);
  await client.query('DELETE FROM tp_ids WHERE row_number = ANY($1::bigint[])', [rejected]);
  if (table === 'tp_targets') await client.query('DELETE FROM tp_targets WHERE row_number = ANY($1::bigint[])', [rejected]);
}

/** Folds each absorbed taxpayer into its row's survivor (rule 3 above). */
async function mergeRecords(client: PoolClient, batchId: string): Promise<void> {
  await createTemp(
    client,
    'tp_merges',
    `SELECT a.row_number, a.taxpayer_id AS survivor, m.absorbed
     FROM tp_apply a CROSS JOIN LATERAL unnest(a.absorbed) AS m (absorbed)`,
  );
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM tp_merges');
  if (Number(rows[0].n) === 0) return;
  await client.query(`
    INSERT INTO merge_problems (row_number, severity, field, code, detail)
    SELECT row_number, 'warning', NULL, ${sqlLiteral(C.REGISTRY_RECORDS_MERGED)},
           'taxpayers ' || string_agg(absorbed::text, ', ' ORDER BY absorbed) || ' merged into ' || min(survivor)
    FROM tp_merges GROUP BY row_number`);
  // Earlier merges into an absorbed record follow it, so `merged_into` always names a live record.
  await client.query(
    `UPDATE taxpayers t SET merged_into = m.survivor, changed_at = now(), changed_batch_id = $1
     FROM tp_merges m WHERE t.id = m.absorbed OR t.merged_into = m.absorbed`,
    [batchId],
  );
  await client.query('UPDATE taxpayer_identifiers ti SET taxpayer_id = m.survivor FROM tp_merges m WHERE ti.taxpayer_id = m.absorbed');
  await client.query('UPDATE taxpayer_versions v SET valid_to = now() FROM tp_merges m WHERE v.taxpayer_id = m.absorbed AND v.valid_to IS NULL');
  await client.query('UPDATE declarations d SET taxpayer_id = m.survivor FROM tp_merges m WHERE d.taxpayer_id = m.absorbed');
}
