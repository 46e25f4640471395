import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AMOUNT_PATTERNS,
  CCCD_PROVINCE_PREFIXES,
  COMBINING_MARKS,
  EMAIL_LOCAL_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  ID_SEPARATORS,
  MAX_AMOUNT,
  OLD_MOBILE_NSN_PATTERN,
  OLD_MOBILE_PREFIXES,
  PERIOD_MONTH_PATTERN,
  PERIOD_QUARTER_PATTERN,
  PHONE_NSN_PATTERN,
  PHONE_SEPARATORS,
  PROVINCE_FACTS,
  PROVINCE_KEY_NON_ALNUM,
  PROVINCE_KEY_PREFIX,
  PROVINCE_KEY_SUFFIX,
  provinceAliasRows,
  regexCharClass,
  SPACE_CHARS,
} from '../src/identifiers';

/**
 * SQL twins of src/identifiers, for validating millions of staged rows set-based. Each function
 * returns exactly what its TypeScript counterpart returns (test/integration/identifier-sql-parity
 * checks it), and is built here from the same character sets, patterns and province facts.
 *
 * Speed. Scalar functions are single-expression `LANGUAGE sql IMMUTABLE` bodies, not STRICT, with no
 * FROM and no SET clause, so the planner inlines them into the calling query: no per-row call (the
 * parity test checks the plans). Inlining has a price: a value used several times is recomputed each
 * time, and the tax-code check reads the input without separators ~30 times (~0.3 µs to strip each
 * time). So the identifier checks come in two paths: input that is already bare digits (most rows) is
 * checked inline; anything else goes to a small PL/pgSQL function that strips separators once into a
 * variable and runs the same inline check. For digit-only input stripping is the identity, so both paths
 * give the same answer by construction. Regular expressions here avoid bounded repetition such as
 * `{1,254}`: PostgreSQL's engine expands it into states and the e-mail check ran 15× slower with it.
 *
 * The province tables are seeded from src/identifiers/data as they are when this migration runs;
 * changing those facts later needs a new migration that re-seeds them.
 */

/** A SQL string literal (E'...') holding exactly `text`; non-ASCII written as \uXXXX for readability. */
function lit(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === "'" || c === '\\') out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `E'${out}'`;
}

// regexp_replace() with a character class strips separators three times faster than translate() with
// the same 30 multibyte characters.
const stripping = (separators: string) => (arg: string) => `regexp_replace(${arg}, ${lit(regexCharClass(separators))}, '', 'g')`;
const strip = stripping(ID_SEPARATORS);
const trimmed = (arg: string) => `btrim(${arg}, ${lit(SPACE_CHARS)})`;
const digitAt = (d: string, i: number) => `(ascii(substr(${d}, ${i}, 1)) - 48)`;
/** `expr` on the input without separators; skips the (costly) stripping when there is nothing to strip. */
const onDigits = (expr: (d: string) => string) => `CASE WHEN s ~ '^[0-9]*$' THEN ${expr('s')} ELSE ${expr(strip('s'))} END`;

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** 10 − (Σ dᵢ·wᵢ mod 11) = d₁₀; a remainder of 0 asks for 10, which no digit equals. */
function checkDigitHolds(d: string): string {
  const sum = WEIGHTS.map((w, i) => `${digitAt(d, i + 1)} * ${w}`).join(' + ');
  return `10 - ((${sum}) % 11) = ${digitAt(d, 10)}`;
}

function fold(arg: string): string {
  // Marks go by regular expression: translate() with 112 marks is three times slower.
  const marks = `regexp_replace(normalize(${arg}, NFD), ${lit(regexCharClass(COMBINING_MARKS) + '+')}, '', 'g')`;
  return `btrim(regexp_replace(lower(translate(${marks}, 'Đđ', 'Dd')), ${lit(regexCharClass(SPACE_CHARS) + '+')}, ' ', 'g'), ' ')`;
}

const MAX = MAX_AMOUNT.toString();
const PROVINCES = `ARRAY[${CCCD_PROVINCE_PREFIXES.map(lit).join(', ')}]`;
const EMAIL = trimmed('s');
const AMOUNT = trimmed('s');
/**
 * `whenQuarter`/`whenMonth` on the period as given, then on it trimmed: the trimmed arms are reached
 * only when the input has surrounding spaces (trimming 30 kinds of space costs more than a regex).
 */
const onPeriod = (whenQuarter: (p: string) => string, whenMonth: (p: string) => string) =>
  `CASE ${[`s`, trimmed('s')]
    .map((p) => `WHEN ${p} ~ ${lit(PERIOD_QUARTER_PATTERN)} THEN ${whenQuarter(p)} WHEN ${p} ~ ${lit(PERIOD_MONTH_PATTERN)} THEN ${whenMonth(p)}`)
    .join('\n    ')} END`;

function sqlFunction(signature: string, returns: string, body: string, volatility = 'IMMUTABLE'): string {
  return `CREATE FUNCTION ${signature} RETURNS ${returns} LANGUAGE sql ${volatility} PARALLEL SAFE AS $fn$\n  SELECT ${body}\n$fn$;`;
}

/**
 * The slow path: strip separators once into `d`, then `body` (PL/pgSQL statements using d). Not STRICT:
 * a NULL ref_date means "no date to check against", not "no answer".
 */
function strippingFunction(signature: string, returns: string, body: string, stripExpr = strip('s')): string {
  return `CREATE FUNCTION ${signature} RETURNS ${returns} LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE d text := ${stripExpr};
BEGIN
  ${body}
END
$fn$;`;
}

const oldMobileCases = Object.entries(OLD_MOBILE_PREFIXES)
  .map(([from, to]) => `WHEN '${from.slice(1)}' THEN '${to.slice(1)}'`)
  .join(' ');

const FUNCTIONS: Array<[signature: string, sql: string]> = [
  ['ect_fold(text)', sqlFunction('ect_fold(s text)', 'text', fold('s'))],

  ['ect_tax_code_normalize(text)', sqlFunction('ect_tax_code_normalize(s text)', 'text', onDigits((d) => `CASE
    WHEN ${d} ~ '^(?:[0-9]{10}|[0-9]{12})$' THEN ${d}
    WHEN ${d} ~ '^[0-9]{13}$' THEN left(${d}, 10) || '-' || right(${d}, 3)
  END`))],

  ['ect_national_id_normalize(text)', sqlFunction('ect_national_id_normalize(s text)', 'text',
    onDigits((d) => `CASE WHEN ${d} ~ '^(?:[0-9]{9}|[0-9]{12})$' THEN ${d} END`))],

  ['ect_national_id_kind(text)', sqlFunction('ect_national_id_kind(s text)', 'text',
    onDigits((d) => `CASE WHEN ${d} ~ '^[0-9]{12}$' THEN 'cccd' WHEN ${d} ~ '^[0-9]{9}$' THEN 'cmnd' END`))],

  // Checks on input without separators (the *_digits_error functions); a NULL ref_date skips the
  // birth-year-in-the-future check, as an omitted refDate does in TypeScript.
  ['ect_national_id_digits_error(text, date)', sqlFunction('ect_national_id_digits_error(d text, ref_date date)', 'text', `CASE
    WHEN d ~ '^[0-9]{9}$' THEN NULL
    WHEN d !~ '^[0-9]{12}$' THEN 'NATIONAL_ID_FORMAT'
    WHEN substr(d, 1, 3) <> ALL (${PROVINCES}) THEN 'NATIONAL_ID_PROVINCE'
    WHEN ${digitAt('d', 4)} >= 6 THEN 'NATIONAL_ID_BIRTH_YEAR'
    WHEN 1900 + ${digitAt('d', 4)} / 2 * 100 + substr(d, 5, 2)::int > extract(year from ref_date) THEN 'NATIONAL_ID_BIRTH_YEAR'
  END`)],
  ['ect_national_id_error_slow(text, date)', strippingFunction('ect_national_id_error_slow(s text, ref_date date)', 'text',
    'RETURN ect_national_id_digits_error(d, ref_date);')],
  ['ect_national_id_error(text, date)', sqlFunction('ect_national_id_error(s text, ref_date date)', 'text',
    `CASE WHEN s ~ '^[0-9]*$' THEN ect_national_id_digits_error(s, ref_date) ELSE ect_national_id_error_slow(s, ref_date) END`)],

  ['ect_tax_code_digits_error(text, date)', sqlFunction('ect_tax_code_digits_error(d text, ref_date date)', 'text', `CASE
    WHEN d !~ '^(?:[0-9]{10}|[0-9]{12}|[0-9]{13})$' THEN 'TAX_CODE_FORMAT'
    WHEN length(d) = 12 THEN ect_national_id_digits_error(d, ref_date)
    WHEN substr(d, 3, 7) = '0000000' THEN 'TAX_CODE_FORMAT'
    WHEN NOT (${checkDigitHolds('d')}) THEN 'TAX_CODE_CHECK_DIGIT'
    WHEN length(d) = 13 AND right(d, 3) = '000' THEN 'TAX_CODE_BRANCH_SUFFIX'
  END`)],
  ['ect_tax_code_error_slow(text, date)', strippingFunction('ect_tax_code_error_slow(s text, ref_date date)', 'text',
    'RETURN ect_tax_code_digits_error(d, ref_date);')],
  ['ect_tax_code_error(text, date)', sqlFunction('ect_tax_code_error(s text, ref_date date)', 'text',
    `CASE WHEN s ~ '^[0-9]*$' THEN ect_tax_code_digits_error(s, ref_date) ELSE ect_tax_code_error_slow(s, ref_date) END`)],
  // Without a reference date a 12-digit personal ID is checked for shape and province only.
  ['ect_tax_code_error(text)', sqlFunction('ect_tax_code_error(s text)', 'text', 'ect_tax_code_error(s, NULL::date)')],

  // The steps of nationalNumber() in phone.ts, then the NSN checks. The common domestic spelling
  // (0912345678) takes an inline shortcut that gives the same result.
  ['ect_phone_normalize_slow(text)', strippingFunction('ect_phone_normalize_slow(s text)', 'text', `d := CASE
    WHEN left(d, 3) = '+84' THEN substr(d, 4)
    WHEN left(d, 4) = '0084' THEN substr(d, 5)
    WHEN d ~ '^84[0-9]{9,10}$' THEN substr(d, 3)
    ELSE d
  END;
  IF left(d, 1) = '0' THEN d := substr(d, 2); END IF;
  IF d ~ ${lit(PHONE_NSN_PATTERN)} THEN RETURN '+84' || d; END IF;
  IF d ~ ${lit(OLD_MOBILE_NSN_PATTERN)} THEN
    RETURN '+84' || CASE left(d, 3) ${oldMobileCases} END || substr(d, 4);
  END IF;
  RETURN NULL;`, stripping(PHONE_SEPARATORS)('s'))],
  ['ect_phone_normalize(text)', sqlFunction('ect_phone_normalize(s text)', 'text',
    `CASE WHEN s ~ '^0[35789][0-9]{8}$' THEN '+84' || substr(s, 2) ELSE ect_phone_normalize_slow(s) END`)],

  ['ect_email_normalize(text)', sqlFunction('ect_email_normalize(s text)', 'text', `CASE
    WHEN ${EMAIL} ~ ${lit(EMAIL_PATTERN)} AND length(${EMAIL}) <= ${EMAIL_MAX_LENGTH}
      AND strpos(${EMAIL}, '@') - 1 <= ${EMAIL_LOCAL_MAX_LENGTH}
    THEN lower(${EMAIL})
  END`)],

  ['ect_period_start(text)', sqlFunction('ect_period_start(s text)', 'date', onPeriod(
    (p) => `make_date(left(${p}, 4)::int, (right(${p}, 1)::int - 1) * 3 + 1, 1)`,
    (p) => `make_date(left(${p}, 4)::int, right(${p}, 2)::int, 1)`,
  ))],
  ['ect_period_key(text)', sqlFunction('ect_period_key(s text)', 'text', onPeriod((p) => `upper(${p})`, (p) => p))],
  // The explicit ::text matters: text || int would go through anytextcat(), which is only STABLE and
  // stops the planner from inlining an IMMUTABLE function.
  ['ect_period_quarter(text)', sqlFunction('ect_period_quarter(s text)', 'text', onPeriod(
    (p) => `upper(${p})`,
    (p) => `left(${p}, 4) || '-Q' || ((right(${p}, 2)::int + 2) / 3)::text`,
  ))],
  // A simple CASE evaluates ect_period_start once for valid periods (true/false); NULL means invalid
  // input (or no `today`), looked at again only then.
  ['ect_period_error(text, date)', sqlFunction('ect_period_error(s text, today date)', 'text', `CASE ect_period_start(s) > today
    WHEN true THEN 'PERIOD_IN_FUTURE'
    WHEN false THEN NULL
    ELSE CASE WHEN s IS NOT NULL AND ect_period_start(s) IS NULL THEN 'PERIOD_FORMAT' END
  END`)],

  ['ect_amount_error(text)', sqlFunction('ect_amount_error(s text)', 'text', `CASE
    WHEN ${AMOUNT} ~ ${lit(AMOUNT_PATTERNS.digits)} THEN CASE
      WHEN length(ltrim(${AMOUNT}, '0')) > ${MAX.length}
        OR (length(ltrim(${AMOUNT}, '0')) = ${MAX.length} AND ltrim(${AMOUNT}, '0') COLLATE "C" > '${MAX}')
      THEN 'AMOUNT_OUT_OF_RANGE' END
    WHEN ${AMOUNT} ~ ${lit(AMOUNT_PATTERNS.negative)} THEN 'AMOUNT_NEGATIVE'
    WHEN ${AMOUNT} ~ ${lit(AMOUNT_PATTERNS.grouped)} THEN 'AMOUNT_FORMAT'
    WHEN ${AMOUNT} ~ ${lit(AMOUNT_PATTERNS.fraction)} THEN 'AMOUNT_FRACTION'
    WHEN s IS NOT NULL THEN 'AMOUNT_FORMAT'
  END`)],
  ['ect_amount_value(text)', sqlFunction('ect_amount_value(s text)', 'bigint',
    `CASE WHEN ect_amount_error(s) IS NULL THEN ${AMOUNT}::bigint END`)],

  ['ect_province_key(text)', sqlFunction('ect_province_key(s text)', 'text',
    `replace(regexp_replace(regexp_replace(btrim(regexp_replace(ect_fold(s), ${lit(PROVINCE_KEY_NON_ALNUM)}, ' ', 'g'), ' '), ${lit(PROVINCE_KEY_PREFIX)}, ''), ${lit(PROVINCE_KEY_SUFFIX)}, ''), ' ', '')`)],
  // Table lookups are STABLE, and a sub-select is not inlined: for bulk work join ref_province_aliases
  // on ect_province_key(column) instead of calling these per row.
  ['ect_province_old_code(text)', sqlFunction('ect_province_old_code(s text)', 'text',
    '(SELECT a.old_code FROM ref_province_aliases a WHERE a.alias_folded = ect_province_key(s))', 'STABLE')],
  ['ect_province_new_code(text)', sqlFunction('ect_province_new_code(s text)', 'text',
    '(SELECT a.new_code FROM ref_province_aliases a WHERE a.alias_folded = ect_province_key(s))', 'STABLE')],
];

function values(rows: ReadonlyArray<ReadonlyArray<string | null>>): string {
  return rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : lit(v))).join(', ')})`).join(',\n  ');
}

export class IdentifierFunctions1795400100000 implements MigrationInterface {
  name = 'IdentifierFunctions1795400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ref_provinces (
        code text NOT NULL,
        generation text NOT NULL CHECK (generation IN ('old', 'new')),
        name text NOT NULL,
        new_code text NOT NULL,
        CONSTRAINT pk_ref_provinces PRIMARY KEY (code, generation)
      );
      COMMENT ON TABLE ref_provinces IS 'Vietnam''s provinces before (old, 63) and after (new, 34) 1 July 2025; new_code is the successor (itself for new rows).';
      CREATE TABLE ref_province_aliases (
        alias_folded text PRIMARY KEY,
        old_code text NULL,
        new_code text NOT NULL
      );
      COMMENT ON TABLE ref_province_aliases IS 'ect_province_key(spelling) -> province codes; codes, official names and aliases.';
    `);
    const provinces = [
      ...PROVINCE_FACTS.old.map((p) => [p.code, 'old', p.name, p.newCode]),
      ...PROVINCE_FACTS.new.map((p) => [p.code, 'new', p.name, p.code]),
    ];
    await queryRunner.query(`INSERT INTO ref_provinces (code, generation, name, new_code) VALUES\n  ${values(provinces)};`);
    await queryRunner.query(
      `INSERT INTO ref_province_aliases (alias_folded, old_code, new_code) VALUES\n  ${values(provinceAliasRows())};`,
    );
    for (const [, sql] of FUNCTIONS) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [signature] of [...FUNCTIONS].reverse()) await queryRunner.query(`DROP FUNCTION IF EXISTS ${signature};`);
    await queryRunner.query('DROP TABLE IF EXISTS ref_province_aliases; DROP TABLE IF EXISTS ref_provinces;');
  }
}
