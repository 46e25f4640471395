import { Client } from 'pg';
import {
  amountError,
  foldText,
  nationalIdError,
  nationalIdKind,
  normalizeEmail,
  normalizeNationalId,
  normalizePhone,
  normalizeTaxCode,
  OLD_MOBILE_PREFIXES,
  parseAmount,
  parsePeriod,
  periodError,
  PROVINCE_ALIASES,
  PROVINCE_FACTS,
  provinceKey,
  resolveProvince,
  taxCodeError,
} from '../../src/identifiers';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The SQL twins (migrations/1795400100000-IdentifierFunctions.ts) must answer exactly as the TypeScript
 * functions do: intake validates in SQL, matching and error reports use TypeScript. Each corpus mixes
 * valid, invalid and edge inputs, bare and with separators, so both SQL paths (inline for bare digits,
 * PL/pgSQL for the rest) are exercised.
 */

// Deterministic pseudo-random corpus (mulberry32), so a failure reproduces.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20250701);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
const SEPARATED = [' ', '.', '-', '\u00a0', '\u2013', '\t', '\u200b', '\u3000'];
const sprinkle = (s: string) => [...s].map((c) => (rnd() < 0.2 ? c + pick(SEPARATED) : c)).join('');

const NASTY = ['', ' ', '\u00a0', '\t\n', 'abc', 'null', 'NULL', '０１００１０９１０６', '٠١٠٠١٠٩١٠٦', '😀', "'; drop table x; --", '\\', '%', '_'];

const TAX_CODES = [
  '0100109106', '0309478306', '0106324653', '0101243150', '0313028740', '0100109107', '0100000003', '1000000080',
  '0100109106-001', '0100109106-000', '0100109106-888', '0100109106-999', '0100109106001', '0100109107-888',
  '0100.109.106', ' 0100 109 106 ', '0100\u00a0109\u2013106', '0100109106 - 001', '01001091060', '010010910',
  '001089012345', '003089012345', '079230012345', '079900000001', '001 089 012 345', '+0100109106', '0100109106/001',
  ...Array.from({ length: 10 }, (_, d) => `030947830${d}`),
  ...Array.from({ length: 120 }, () => digits(pick([9, 10, 10, 10, 12, 13, 13, 14]))),
  ...Array.from({ length: 60 }, () => sprinkle(digits(pick([10, 12, 13])))),
  ...NASTY,
];

const PREFIXES = ['001', '002', '003', '079', '074', '096', '097', '100', '000', '099'];
const NATIONAL_IDS = [
  ...PREFIXES.flatMap((p) => ['0', '1', '2', '3', '4', '5', '6', '9'].map((g) => `${p}${g}${pick(['00', '25', '26', '89', '99'])}${digits(6)}`)),
  ...Array.from({ length: 40 }, () => sprinkle(`0${pick(PROVINCE_FACTS.old).code}${pick(['0', '1', '2', '3'])}${digits(8)}`)),
  '123456789', '123 456 789', '12345678', '1234567890', '00108901234', '0010890123456', 'CCCD001089012345',
  ...Array.from({ length: 30 }, () => digits(pick([9, 11, 12]))),
  ...NASTY,
];
const REF_DATES = ['2025-07-01', '2026-01-01', '1999-12-31', '2100-06-30'];

const PHONES = [
  '0912 345 678', '0912.345.678', '84912345678', '+84 912 345 678', '(+84) 912-345-678', '0084912345678', '912345678',
  '+84 0912 345 678', '024 3825 1234', '+84 28 3829 5555', '0412345678', '0112345678', '091234567', '09123456789',
  '01601234567', '+1 555 123 4567', '00912345678', '8491234567', '840912345678', '+8400912345678', '0084 84912345678',
  '0912345678 / 0987654321', '+84 +84 912345678', '02812345', '+84', '84', '0',
  ...Object.keys(OLD_MOBILE_PREFIXES).flatMap((p) => [`${p}${digits(7)}`, sprinkle(`+84${p.slice(1)}${digits(7)}`)]),
  ...['03', '05', '07', '08', '09', '02', '04', '06', '01'].flatMap((p) => [`${p}${digits(8)}`, sprinkle(`${p}${digits(8)}`)]),
  ...Array.from({ length: 60 }, () => pick(['', '+', '0', '84', '+84', '0084']) + digits(pick([8, 9, 10, 11]))),
  ...NASTY,
];

const EMAILS = [
  '  Foo.Bar@Example.COM\u00a0', 'user+tag@gmail.com', "o'neil@example.vn", 'a_b-c@sub.domain.com.vn', 'x@xn--80ak6aa92e.com',
  'x@shop.xn--p1ai', '1@2.io', `${'a'.repeat(64)}@example.com`, `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(246)}.com`,
  `a@${'b'.repeat(247)}.com`, '#!$%&*+/=?^_`{|}~@example.org', 'plain', 'a@b', 'a@b.c', 'a@b.1', '@example.com', 'a@',
  'a..b@example.com', '.a@example.com', 'a.@example.com', 'a@-example.com', 'a@example-.com', 'a@example..com',
  'a b@example.com', 'a@b@example.com', '"quoted"@example.com', 'user@[192.168.0.1]', 'nguyễn@example.com',
  'a@ví-dụ.vn', 'a@example.com.', 'mailto:a@example.com', 'A@B.CO', 'a@b.c0m', 'a@b.xn--', 'a@b.xn--a', 'a\n@b.com',
  'a@b.com\nx', ' \t a@b.com \u3000',
  ...NASTY,
];

const PERIODS = [
  '2025-Q1', '2025-Q3', '2025-q4', ' 2024-12 ', '2025-07', '2025-13', '2025-00', '2025-Q0', '2025-Q5', '2025', '2025-1',
  '2025Q1', 'Q1/2025', '07/2025', '0999-01', '1000-01', '9999-Q4', '2025–Q1', '2025-Q1x', '2026-01', '2025-09',
  '\u00a02025-Q2\u00a0', '2025 - Q1', '2025-Ｑ1',
  ...NASTY,
];
const TODAYS = ['2025-08-15', '2025-07-01', '2025-06-30', '2025-10-01'];

const AMOUNTS = [
  '1500000', ' 0 ', '000150', '9007199254740993', '9223372036854775807', '9223372036854775808', '00009223372036854775807',
  '00009223372036854775808', '99999999999999999999', '1.5', '1,5', '1500000.00', '.5', '15.', '1,500,000', '1.500.000',
  '1 500 000', '1.500', '1,500,000.50', '1e6', '1.5E+06', '+100', '100đ', '(100)', '-', '--5', '-5', '-0', '-1.500.000',
  '-1.5', '1.2.3', '1,5,0', '\u00a01500\u00a0', '1\u00a0500',
  ...Array.from({ length: 40 }, () => digits(pick([1, 5, 12, 19, 20]))),
  ...NASTY,
];

const NAMES = [
  'Nguyễn  Văn ĐỨC', 'Hòa Bình', 'Hoà Bình', 'HOÀ BÌNH', 'Đặng Thị Ánh Tuyết', 'ỨNG DỤNG', 'Lê\u00a0Lợi\t\n\u2009Quận\u3000 1\ufeff',
  'T.P. Hồ Chí Minh', 'Crème Brûlée & Straße', 'Æsir Øre Łódź', 'İstanbul', 'Ñandú', 'Ǆemal', 'ΑΘΗΝΑ', 'МОСКВА', '北京',
  'Shop Mẹ Bắp 🌸', ' ', '',
];
const PROVINCE_TEXTS = [
  ...PROVINCE_FACTS.old.map((p) => p.name), ...PROVINCE_FACTS.new.map((p) => p.name), ...PROVINCE_ALIASES.map((a) => a.alias),
  'TP HCM', 'Tp.Hồ Chí Minh', 'Ho Chi Minh City', 'HCM', 'Sài Gòn', 'Hà Nội', 'HN', 'Ha Noi', 'Thừa Thiên Huế', 'Huế',
  'BRVT', 'Bà Rịa - Vũng Tàu', 'BR-VT', 'Đắk Lắk', 'Dak Lak', 'Đăk Lăk', 'Hòa Bình', 'Hoà Bình', 'tinh Quang Nam',
  '79', '079', '01', '7', '0079', '03', 'Quận 1', 'TP', 'Tỉnh', 'Hanoi, Vietnam', 'Hue City', 'Paris', 'xyz',
  'Hòa Bình Province', 'Thủ đô Hà Nội', 'T.P Hồ Chí Minh',
];
const allSpellings = (s: string) => [s, s.normalize('NFD'), s.toUpperCase(), s.toLowerCase(), ` ${s}\u00a0`];
const TEXTS = [...new Set([...NAMES, ...PROVINCE_TEXTS, ...NASTY].flatMap(allSpellings))];

describe('identifier SQL twins agree with TypeScript', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  /** One round trip: `expr` over every input (`$1` the texts, `$2` an optional date), in order. */
  async function sql(expr: string, inputs: readonly string[], date?: string): Promise<Array<string | null>> {
    const { rows } = await client.query<{ r: string | null }>(
      `SELECT (${expr})::text AS r FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i) ORDER BY i`,
      date === undefined ? [inputs] : [inputs, date],
    );
    return rows.map((row) => row.r);
  }

  /** Asserts SQL = TypeScript on every input; `covers` lists answers the corpus must produce at least once. */
  async function expectParity(
    expr: string,
    inputs: readonly string[],
    ts: (s: string) => string | null,
    date?: string,
    covers: ReadonlyArray<string | null> = [],
  ) {
    const got = await sql(expr, inputs, date);
    const mismatches = inputs
      .map((input, i) => ({ input, sql: got[i], ts: ts(input) }))
      .filter((row) => row.sql !== row.ts);
    expect(mismatches).toEqual([]);
    expect(got).toHaveLength(inputs.length);
    for (const answer of covers) expect(got).toContain(answer);
  }

  it('uses a corpus of several hundred inputs', () => {
    const total = [TAX_CODES, NATIONAL_IDS, PHONES, EMAILS, PERIODS, AMOUNTS, TEXTS].reduce((n, c) => n + c.length, 0);
    expect(total).toBeGreaterThan(1000);
  });

  it('tax codes', async () => {
    await expectParity('ect_tax_code_normalize(s)', TAX_CODES, normalizeTaxCode);
    await expectParity('ect_tax_code_error(s)', TAX_CODES, (s) => taxCodeError(s));
    for (const ref of REF_DATES) await expectParity('ect_tax_code_error(s, $2::date)', TAX_CODES, (s) => taxCodeError(s, ref), ref);
    await expectParity('ect_tax_code_error(s, $2::date)', TAX_CODES, (s) => taxCodeError(s, '2025-07-01'), '2025-07-01', [
      null, 'TAX_CODE_FORMAT', 'TAX_CODE_CHECK_DIGIT', 'TAX_CODE_BRANCH_SUFFIX', 'NATIONAL_ID_PROVINCE', 'NATIONAL_ID_BIRTH_YEAR',
    ]);
  });

  it('national IDs', async () => {
    await expectParity('ect_national_id_normalize(s)', NATIONAL_IDS, normalizeNationalId);
    await expectParity('ect_national_id_kind(s)', NATIONAL_IDS, nationalIdKind);
    await expectParity('ect_national_id_error(s, NULL)', NATIONAL_IDS, (s) => nationalIdError(s));
    for (const ref of REF_DATES) await expectParity('ect_national_id_error(s, $2::date)', NATIONAL_IDS, (s) => nationalIdError(s, ref), ref);
    await expectParity('ect_national_id_error(s, $2::date)', NATIONAL_IDS, (s) => nationalIdError(s, '2025-07-01'), '2025-07-01', [
      null, 'NATIONAL_ID_FORMAT', 'NATIONAL_ID_PROVINCE', 'NATIONAL_ID_BIRTH_YEAR',
    ]);
  });

  it('phones', async () => {
    await expectParity('ect_phone_normalize(s)', PHONES, normalizePhone, undefined, [null, '+84912345678', '+842438251234']);
    // Every old prefix converted, through both the inline and the PL/pgSQL path.
    const converted = await sql('ect_phone_normalize(s)', Object.keys(OLD_MOBILE_PREFIXES).map((p) => `${p}1234567`));
    expect(converted).toEqual(Object.values(OLD_MOBILE_PREFIXES).map((p) => `+84${p.slice(1)}1234567`));
  });

  it('e-mail addresses', async () => {
    await expectParity('ect_email_normalize(s)', EMAILS, normalizeEmail, undefined, [null, 'foo.bar@example.com']);
  });

  it('periods', async () => {
    const field = (f: 'start' | 'quarterKey' | 'key') => (s: string) => {
      const p = parsePeriod(s);
      return p.ok ? p.value[f] : null;
    };
    await expectParity('ect_period_start(s)', PERIODS, field('start'));
    await expectParity('ect_period_quarter(s)', PERIODS, field('quarterKey'));
    await expectParity('ect_period_key(s)', PERIODS, field('key'));
    for (const today of TODAYS) await expectParity('ect_period_error(s, $2::date)', PERIODS, (s) => periodError(s, today), today);
    await expectParity('ect_period_error(s, $2::date)', PERIODS, (s) => periodError(s, '2025-08-15'), '2025-08-15', [
      null, 'PERIOD_FORMAT', 'PERIOD_IN_FUTURE',
    ]);
  });

  it('amounts', async () => {
    await expectParity('ect_amount_error(s)', AMOUNTS, amountError, undefined, [
      null, 'AMOUNT_FORMAT', 'AMOUNT_FRACTION', 'AMOUNT_NEGATIVE', 'AMOUNT_OUT_OF_RANGE',
    ]);
    await expectParity('ect_amount_value(s)', AMOUNTS, (s) => {
      const a = parseAmount(s);
      return a.ok ? a.value.toString() : null;
    });
  });

  it('folding', async () => {
    await expectParity('ect_fold(s)', TEXTS, foldText);
  });

  it('provinces', async () => {
    const codes = (f: 'oldCode' | 'newCode') => (s: string) => {
      const r = resolveProvince(s);
      return r.ok ? (r.value[f] ?? null) : null;
    };
    await expectParity('ect_province_key(s)', TEXTS, provinceKey);
    await expectParity('ect_province_old_code(s)', TEXTS, codes('oldCode'));
    await expectParity('ect_province_new_code(s)', TEXTS, codes('newCode'));
    expect(await sql('ect_province_new_code(s)', ['Tp.Hồ Chí Minh', 'BRVT', 'Dak Lak'])).toEqual(['79', '79', '66']);
  });

  it('seeds the province reference table from the same facts', async () => {
    const { rows } = await client.query<{ code: string; generation: string; name: string; new_code: string }>(
      'SELECT code, generation, name, new_code FROM ref_provinces ORDER BY generation DESC, code',
    );
    expect(rows).toEqual([
      ...PROVINCE_FACTS.old.map((p) => ({ code: p.code, generation: 'old', name: p.name, new_code: p.newCode })),
      ...PROVINCE_FACTS.new.map((p) => ({ code: p.code, generation: 'new', name: p.name, new_code: p.code })),
    ]);
  });

  it('returns NULL for NULL input', async () => {
    const { rows } = await client.query(`SELECT
      ect_fold(NULL) AS a, ect_tax_code_normalize(NULL) AS b, ect_tax_code_error(NULL) AS c,
      ect_tax_code_error(NULL, '2025-01-01') AS d, ect_national_id_normalize(NULL) AS e, ect_national_id_kind(NULL) AS f,
      ect_national_id_error(NULL, '2025-01-01') AS g, ect_phone_normalize(NULL) AS h, ect_email_normalize(NULL) AS i,
      ect_period_error(NULL, '2025-01-01') AS j, ect_period_start(NULL) AS k, ect_period_quarter(NULL) AS l,
      ect_amount_error(NULL) AS m, ect_amount_value(NULL) AS n, ect_province_key(NULL) AS o, ect_province_new_code(NULL) AS p`);
    expect(Object.values(rows[0]).every((v) => v === null)).toBe(true);
    expect(Object.keys(rows[0])).toHaveLength(16);
  });

  it('keeps the scalar functions inlinable (no per-row function call in the plan)', async () => {
    await client.query('CREATE TEMP TABLE plan_probe (s text)');
    const inlined = [
      'ect_fold(s)', 'ect_tax_code_normalize(s)', "ect_tax_code_error(s, '2025-01-01')", 'ect_tax_code_error(s)',
      'ect_national_id_normalize(s)', 'ect_national_id_kind(s)', "ect_national_id_error(s, '2025-01-01')",
      'ect_phone_normalize(s)', 'ect_email_normalize(s)', "ect_period_error(s, '2025-01-01')", 'ect_period_start(s)',
      'ect_period_quarter(s)', 'ect_period_key(s)', 'ect_amount_error(s)', 'ect_amount_value(s)', 'ect_province_key(s)',
    ];
    const notInlined: string[] = [];
    for (const call of inlined) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (VERBOSE, COSTS OFF) SELECT ${call} FROM plan_probe`);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      const name = call.slice(0, call.indexOf('('));
      if (new RegExp(`\\b${name}\\(`).test(plan)) notInlined.push(name);
    }
    expect(notInlined).toEqual([]);
  });
});
