/**
 * Looks through every text-like and bytea column of every table for personal identifiers in clear: national IDs
 * (9/12 digits) and phone numbers must exist only as *_enc / *_bidx / *_masked. Driven by information_schema,
 * so a table or column any module adds later is scanned without touching this file.
 *
 * Two nets:
 * - known values: the identifiers a test fed in (pass every form: `phoneForms('+84912345678')` gives
 *   0912345678, 84912345678, …), searched as substrings of text/json/array columns and as UTF-8 bytes inside
 *   bytea columns (so `convert_to(plain)` stored as "ciphertext" is caught too);
 * - shapes, for values no test knows: a 12-digit CCCD (starts with 0, stands alone, not a uuid's last group)
 *   and a +84 phone (separators ignored) in text-like columns. 9-digit CMNDs and domestic 0xxxxxxxxx phones
 *   have no shape of their own (amounts and 10-digit tax codes look the same): only known values find those.
 */
export type RowsQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, any>>>;

export interface PlaintextFinding {
  table: string;
  column: string;
  net: 'known_value' | 'cccd_shape' | 'phone_shape';
  rows: number;
}

export interface PlaintextScanOptions {
  knownValues?: string[];
  /** `table.column` pairs that may hold such shapes for a stated reason (e.g. numeric seller codes). */
  allow?: string[];
  schema?: string;
}

const TEXT_LIKE = `data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar'))`;
// Standing alone: not inside a longer run of letters/digits, and not the last group of a uuid (xxxx-000000000000).
const CCCD_SHAPE = `(?<![0-9A-Za-z])(?<![0-9A-Fa-f]{4}-)0[0-9]{11}(?![0-9A-Za-z])`;
const PHONE_SHAPE = `\\+84[1-9][0-9]{8}([^0-9]|$)`;

export async function scanForPlaintextPii(query: RowsQuery, options: PlaintextScanOptions = {}): Promise<PlaintextFinding[]> {
  const schema = options.schema ?? 'public';
  const known = [...new Set((options.knownValues ?? []).filter((value) => value.length >= 6))];
  const columns = await query(
    `SELECT c.table_name, c.column_name, (${TEXT_LIKE}) AS text_like
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = $1 AND ((${TEXT_LIKE}) OR c.data_type = 'bytea')
      ORDER BY c.table_name, c.column_name`,
    [schema],
  );
  // One pass per table: every column × net is a FILTER count over the same scan.
  const byTable = new Map<string, Array<{ column: string; textLike: boolean }>>();
  for (const { table_name: table, column_name: column, text_like: textLike } of columns) {
    if (options.allow?.includes(`${table}.${column}`)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), { column, textLike }]);
  }
  const findings: PlaintextFinding[] = [];
  for (const [table, tableColumns] of byTable) {
    const checks: Array<{ column: string; net: PlaintextFinding['net']; predicate: string }> = [];
    for (const { column, textLike } of tableColumns) {
      const col = quoteIdent(column);
      if (known.length > 0) {
        const contains = textLike ? `strpos(${col}::text, v) > 0` : `position(convert_to(v, 'UTF8') IN ${col}) > 0`;
        checks.push({ column, net: 'known_value', predicate: `EXISTS (SELECT 1 FROM unnest($1::text[]) v WHERE ${contains})` });
      }
      if (textLike) {
        checks.push({ column, net: 'cccd_shape', predicate: `${col}::text ~ '${CCCD_SHAPE}'` });
        checks.push({ column, net: 'phone_shape', predicate: `translate(${col}::text, ' .-()', '') ~ '${PHONE_SHAPE}'` });
      }
    }
    if (checks.length === 0) continue;
    const counts = checks.map((check, i) => `count(*) FILTER (WHERE ${check.predicate})::int AS c${i}`).join(', ');
    const sql = `SELECT ${counts} FROM ${quoteIdent(schema)}.${quoteIdent(table)}`;
    const [row] = await query(sql, known.length > 0 ? [known] : []);
    checks.forEach((check, i) => {
      if (row[`c${i}`] > 0) findings.push({ table, column: check.column, net: check.net, rows: row[`c${i}`] });
    });
  }
  return findings;
}

/** The forms a Vietnamese mobile number is written in: +84…, 84…, 0…, and the bare 9-digit subscriber number. */
export function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('84') ? digits.slice(2) : digits.replace(/^0/, '');
  return [`+84${national}`, `84${national}`, `0${national}`, national];
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
