/**
 * The demo world against the service's own identifier checks (src/identifiers): every value the generator
 * means as valid passes them — noisy phones, old province names, NFD names included — and every
 * deliberately bad value fails with exactly the code truth/bad-rows.csv promises.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as id from '../../src/identifiers';
import { generateWorld } from '../../src/demo/generator/generate-world';
import { readCsv, readManifest, readRecords, Row } from './world-reader';

const TODAY = '2026-11-23';
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-compat-'));
  await generateWorld({ sellers: 1200, seed: 99, outDir: dir });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AMOUNT_FIELDS = new Set(['gross_revenue', 'order_count', 'refunds', 'fees', 'vat_withheld', 'pit_withheld', 'declared_revenue', 'tax_paid']);

/** The code the service reports for one field value, or null when it accepts it. */
function check(field: string, value: string): string | null {
  if (value === '') return null;
  switch (field) {
    case 'tax_code':
      return id.taxCodeError(value, TODAY);
    case 'national_id':
      return id.nationalIdError(value, TODAY);
    case 'phone':
      return id.parsePhone(value).ok ? null : 'PHONE_FORMAT';
    case 'email':
      return id.parseEmail(value).ok ? null : 'EMAIL_FORMAT';
    case 'province':
      return id.resolveProvince(value).ok ? null : 'PROVINCE_UNKNOWN';
    case 'period':
      return id.periodError(value, TODAY);
    case 'category':
      return id.parseCategory(value).ok ? null : 'CATEGORY_UNKNOWN';
    default:
      return AMOUNT_FIELDS.has(field) ? id.amountError(value) : null;
  }
}

function problemsIn(rows: Row[], file: string, bad: Map<string, Row>): string[] {
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const b = bad.get(`${file}|${i + 1}`);
    for (const [field, raw] of Object.entries(r)) {
      const value = String(raw ?? '');
      const code = check(field, value);
      if (b && b.field === field) {
        const got = b.expected_error === 'REQUIRED_FIELD_MISSING' ? (value === '' ? 'REQUIRED_FIELD_MISSING' : `value "${value}"`) : code;
        if (got !== b.expected_error) problems.push(`${file}:${i + 1} ${field}="${value}" expected ${b.expected_error}, got ${got}`);
      } else if (code) {
        problems.push(`${file}:${i + 1} ${field}="${value}" unexpectedly ${code}`);
      }
    }
  });
  return problems;
}

it('the service accepts every intended-valid value and reports the promised code for every bad one', () => {
  const manifest = readManifest(dir);
  const bad = new Map(readCsv(dir, 'truth/bad-rows.csv').rows.map((b) => [`${b.file}|${b.row_number}`, b]));
  const problems: string[] = [];
  for (const f of manifest.files.filter((x) => x.source === 'platform' && x.kind !== 'dpi')) {
    problems.push(...problemsIn(readRecords(dir, f.path, f.contentType), f.path, bad));
  }
  for (const path of ['authority/taxpayers.csv', 'authority/declarations.csv']) problems.push(...problemsIn(readCsv(dir, path).rows, path, bad));
  for (const inv of readCsv(dir, 'authority/invoices.csv').rows) {
    for (const code of [inv.seller_tax_code, inv.buyer_tax_code]) {
      if (code && id.taxCodeError(String(code), TODAY)) problems.push(`invoice code ${code}`);
    }
  }
  expect(problems.slice(0, 10)).toEqual([]);
  expect(bad.size).toBeGreaterThan(20);
});

it('personal IDs in the registry fit the birth dates', () => {
  for (const r of readCsv(dir, 'authority/taxpayers.csv').rows) {
    if (r.national_id) expect(id.cccdFitsBirthDate(String(r.national_id), String(r.date_of_birth))).toBe(true);
  }
});
