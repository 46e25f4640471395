import type { PoolClient } from 'pg';
import { parseCategory, parseVietnamDate } from '../identifiers';
import { AUTHORITY_ERROR_CODES as C } from './authority-error-codes';
import { createTemp, distinctLookup, fieldReader, ProblemCheck, recordProblems, sqlLiteral } from './authority-sql';

export const TAXPAYER_COLUMNS = [
  'tax_code', 'national_id', 'previous_tax_codes', 'name', 'date_of_birth', 'phone', 'email', 'address',
  'province', 'business_category', 'status', 'registered_on',
] as const;

export const TAXPAYER_STATUSES = [
  'active', 'suspended', 'closed', 'ceased_not_closed', 'not_at_address', 'waiting_id_update',
] as const;

const statusList = TAXPAYER_STATUSES.map(sqlLiteral).join(', ');
const code = (c: string) => sqlLiteral(c);

/**
 * What makes a registry row unusable (errors) and what is only flagged (warnings): identity, name and status
 * are the registry's substance; a bad phone, e-mail, date or province is dropped and reported, the row kept.
 */
const CHECKS: ProblemCheck[] = [
  { severity: 'error', field: 'tax_code', codeSql: 'tax_code_error' },
  { severity: 'error', field: 'national_id', codeSql: 'national_id_error' },
  { severity: 'error', field: 'tax_code', codeSql: `CASE WHEN tax_code IS NULL AND national_id IS NULL THEN ${code(C.IDENTIFIER_MISSING)} END` },
  {
    severity: 'error',
    field: 'national_id',
    codeSql: `CASE WHEN length(tax_code_norm) = 12 AND length(national_id_norm) = 12 AND tax_code_norm <> national_id_norm
      AND tax_code_error IS NULL AND national_id_error IS NULL THEN ${code(C.IDENTIFIER_MISMATCH)} END`,
  },
  { severity: 'error', field: 'name', codeSql: `CASE WHEN name IS NULL THEN ${code(C.VALUE_REQUIRED)} END` },
  {
    severity: 'error',
    field: 'status',
    codeSql: `CASE WHEN status IS NULL THEN ${code(C.VALUE_REQUIRED)} WHEN status NOT IN (${statusList}) THEN ${code(C.STATUS_UNKNOWN)} END`,
  },
  { severity: 'warning', field: 'date_of_birth', codeSql: dateProblem('date_of_birth') },
  { severity: 'warning', field: 'registered_on', codeSql: dateProblem('registered_on') },
  { severity: 'warning', field: 'phone', codeSql: `CASE WHEN phone_raw IS NOT NULL AND phone IS NULL THEN ${code(C.PHONE_FORMAT)} END` },
  { severity: 'warning', field: 'email', codeSql: `CASE WHEN email_raw IS NOT NULL AND email IS NULL THEN ${code(C.EMAIL_FORMAT)} END` },
  { severity: 'warning', field: 'province', codeSql: `CASE WHEN province_raw IS NOT NULL AND province_new_code IS NULL THEN ${code(C.PROVINCE_UNKNOWN)} END` },
  { severity: 'warning', field: 'business_category', codeSql: `CASE WHEN business_category_raw IS NOT NULL AND business_category IS NULL THEN ${code(C.CATEGORY_UNKNOWN)} END` },
];

function dateProblem(column: string): string {
  return `CASE WHEN ${column}_raw IS NOT NULL AND ${column} IS NULL THEN ${code(C.DATE_FORMAT)}
    WHEN ${column} > $1::date THEN ${code(C.DATE_IN_FUTURE)} END`;
}

const rowIsValid = `NOT (${CHECKS.filter((c) => c.severity === 'error').map((c) => `(${c.codeSql}) IS NOT NULL`).join(' OR ')})`;

/**
 * `tp_rows`: every staged registry row, trimmed, parsed and checked, one scan of staging. Dates and categories
 * go through the TypeScript parsers once per distinct value; provinces through the alias table once per
 * distinct spelling. Identifier columns:
 * - `tax_code_clear`: a valid 10/13-digit code (kept in clear);
 * - `personal_id`: the valid 12-digit personal ID, from the tax code (since 07/2025 the same number) or the
 *   national_id column; `cmnd`: a 9-digit old ID.
 */
export async function checkTaxpayerRows(client: PoolClient, staging: string, today: string): Promise<void> {
  const f = await fieldReader(client, staging);
  await distinctLookup(
    client,
    'tp_dates',
    `SELECT ${f('date_of_birth')} FROM ${staging} s UNION SELECT ${f('registered_on')} FROM ${staging} s`,
    (raw) => {
      const parsed = parseVietnamDate(raw);
      return parsed.ok ? parsed.value : null;
    },
  );
  // '' = recognised as "unknown category" (not an error); null = not recognised.
  await distinctLookup(client, 'tp_categories', `SELECT ${f('business_category')} FROM ${staging} s`, (raw) => {
    const parsed = parseCategory(raw);
    return parsed.ok ? (parsed.value ?? '') : null;
  });
  await createTemp(
    client,
    'tp_provinces',
    `SELECT d.raw, a.old_code, a.new_code
     FROM (SELECT DISTINCT ${f('province')} AS raw FROM ${staging} s) d
     LEFT JOIN ref_province_aliases a ON a.alias_folded = ect_province_key(d.raw)
     WHERE d.raw IS NOT NULL`,
  );

  await createTemp(
    client,
    'tp_rows',
    `SELECT y.*, ${rowIsValid} AS valid,
       CASE WHEN tax_code_error IS NULL AND length(tax_code_norm) <> 12 THEN tax_code_norm END AS tax_code_clear,
       CASE WHEN tax_code_error IS NULL AND length(tax_code_norm) = 12 THEN tax_code_norm
            WHEN national_id_error IS NULL AND length(national_id_norm) = 12 THEN national_id_norm END AS personal_id,
       CASE WHEN national_id_error IS NULL AND length(national_id_norm) = 9 THEN national_id_norm END AS cmnd
     FROM (
       SELECT x.*,
         CASE WHEN x.tax_code IS NOT NULL THEN ect_tax_code_error(x.tax_code, $1::date) END AS tax_code_error,
         CASE WHEN x.national_id IS NOT NULL THEN ect_national_id_error(x.national_id, $1::date) END AS national_id_error,
         ect_tax_code_normalize(x.tax_code) AS tax_code_norm,
         ect_national_id_normalize(x.national_id) AS national_id_norm,
         dob.value::date AS date_of_birth,
         reg.value::date AS registered_on,
         ect_phone_normalize(x.phone_raw) AS phone,
         ect_email_normalize(x.email_raw) AS email,
         p.old_code AS province_old_code,
         p.new_code AS province_new_code,
         nullif(cat.value, '') AS business_category
       FROM (
         SELECT s.row_number,
           ${f('tax_code')} AS tax_code, ${f('national_id')} AS national_id,
           ${f('previous_tax_codes')} AS previous_tax_codes, ${f('name')} AS name,
           ${f('date_of_birth')} AS date_of_birth_raw, ${f('phone')} AS phone_raw,
           ${f('email')} AS email_raw, ${f('address')} AS address, ${f('province')} AS province_raw,
           ${f('business_category')} AS business_category_raw, lower(${f('status')}) AS status,
           ${f('registered_on')} AS registered_on_raw
         FROM ${staging} s
       ) x
       LEFT JOIN tp_dates dob ON dob.raw = x.date_of_birth_raw
       LEFT JOIN tp_dates reg ON reg.raw = x.registered_on_raw
       LEFT JOIN tp_categories cat ON cat.raw = x.business_category_raw
       LEFT JOIN tp_provinces p ON p.raw = x.province_raw
     ) y`,
    [today],
  );
  await recordProblems(client, 'tp_rows', CHECKS, [today]);
  await client.query('ALTER TABLE tp_rows ADD PRIMARY KEY (row_number)');
}
