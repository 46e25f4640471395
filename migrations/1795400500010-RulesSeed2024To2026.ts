import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule version 1: the values of DOMAIN.md §5 for tax years 2024–2026, with the confidence the source gives
 * them ([H] read in the legal text, [M] secondary sources agree, [L] a single mention or our own choice).
 * Every [L] value is here only so that the service can run; an admin replaces it through POST /v1/rules
 * (a new version), never by editing this file. Kept self-contained on purpose: a migration is a snapshot.
 */
export type RuleSeed = [key: string, category: string, from: string, to: string | null, value: string, unit: string, confidence: string, source: string];

const START = '2024-01-01';
const CATEGORY_RATES: Array<[category: string, vat: number, pit: number, confidence: string]> = [
  ['goods', 100, 50, 'H'],
  ['services', 500, 200, 'H'],
  ['leasing', 500, 500, 'H'],
  ['digital_content', 500, 500, 'H'],
  ['production_transport', 300, 150, 'H'],
  ['other', 200, 100, 'H'],
];
// Decree 117 names three groups (goods, services, transport/goods-related); the other categories are assumed to be
// withheld at their revenue-method rates [L]. Non-resident PIT: goods 1 %, services 5 %, others 2 % [M].
const WITHHOLDING: Array<[category: string, vat: number, pit: number, nonResidentPit: number, confidence: string]> = [
  ['goods', 100, 50, 100, 'H'],
  ['services', 500, 200, 500, 'H'],
  ['production_transport', 300, 150, 200, 'H'],
  ['leasing', 500, 500, 500, 'L'],
  ['digital_content', 500, 500, 500, 'L'],
  ['other', 200, 100, 200, 'L'],
];

/** Exported for unit tests, which build the same rule book without a database. */
export const RULE_SEEDS: RuleSeed[] = [
  ['threshold.vat', '*', START, '2025-06-30', '100000000', 'vnd', 'H', 'Circular 40/2021: no VAT at or below 100M VND a year'],
  ['threshold.vat', '*', '2025-07-01', '2025-12-31', '200000000', 'vnd', 'M', 'VAT Law 48/2024 from 01/07/2025: 200M VND'],
  ['threshold.vat', '*', '2026-01-01', null, '1000000000', 'vnd', 'M', 'Decree 141/2026: 1 billion VND, retroactive to 01/01/2026 (was 500M under Decree 68/2026)'],
  ['threshold.pit', '*', START, '2025-06-30', '100000000', 'vnd', 'H', 'Circular 40/2021: no PIT at or below 100M VND a year'],
  ['threshold.pit', '*', '2025-07-01', '2025-12-31', '100000000', 'vnd', 'L', 'some MoF documents use 200M VND for H2 2025: configurable'],
  ['threshold.pit', '*', '2026-01-01', null, '1000000000', 'vnd', 'M', 'PIT Law 109/2025 + Decree 141/2026: 1 billion VND'],
  ['pit.deducts_threshold', '*', START, '2025-12-31', '0', 'flag', 'H', 'to 2025 PIT is revenue × rate once above the threshold'],
  ['pit.deducts_threshold', '*', '2026-01-01', null, '1', 'flag', 'H', 'from 2026 PIT applies to revenue − threshold'],
  ['invoice.mandatory_revenue', '*', '2025-06-01', null, '1000000000', 'vnd', 'M', 'Decree 70/2025: e-invoices mandatory for household businesses with revenue ≥ 1 billion VND'],
  ['lump_sum.allowed', '*', START, '2025-12-31', '1', 'flag', 'H', 'lump-sum (khoán) records valid for tax years ≤ 2025'],
  ['lump_sum.allowed', '*', '2026-01-01', null, '0', 'flag', 'H', 'Resolution 198/2025: lump-sum tax abolished from 01/01/2026'],
  ['filing.frequency_months', '*', START, '2025-12-31', '1', 'months', 'M', 'self-declaring platform sellers filed monthly to 2025'],
  ['filing.frequency_months', '*', '2026-01-01', null, '3', 'months', 'M', 'Decree 68/2026: quarterly filing above the threshold'],
  ['tolerance.under_declared', '*', START, null, '1000', 'bp', 'L', 'project choice: declared + withheld may fall 10 % short of platform revenue'],
  ['tolerance.invoice_gap', '*', START, null, '5000', 'bp', 'L', 'project choice: e-invoiced below 50 % of platform revenue is a gap'],
  ['tolerance.withholding', '*', START, null, '1', 'vnd', 'L', 'project choice: withheld amount may differ from revenue × rate by 1 VND (rounding)'],
  ['case.reopen_margin', '*', START, null, '2000', 'bp', 'L', 'project choice: a closed case reopens when new evidence raises its estimate by 20 %'],
];
for (const [category, vat, pit, confidence] of CATEGORY_RATES) {
  RULE_SEEDS.push(['rate.vat', category, START, null, String(vat), 'bp', confidence, 'Circular 40/2021 (kept by Law 109/2025): revenue-method VAT rate']);
  RULE_SEEDS.push(['rate.pit', category, START, null, String(pit), 'bp', confidence, 'Circular 40/2021 (kept by Law 109/2025): revenue-method PIT rate']);
}
for (const [category, vat, pit, nonResident, confidence] of WITHHOLDING) {
  RULE_SEEDS.push(['withholding.vat', category, '2025-07-01', null, String(vat), 'bp', confidence, 'Decree 117/2025: platform VAT withholding']);
  RULE_SEEDS.push(['withholding.pit', category, '2025-07-01', null, String(pit), 'bp', confidence, 'Decree 117/2025: platform PIT withholding']);
  RULE_SEEDS.push(['withholding.pit_nonresident', category, '2025-07-01', null, String(nonResident), 'bp', category === 'goods' || category === 'services' ? 'M' : 'L', 'Decree 117/2025: non-resident PIT withholding']);
}

export class RulesSeed2024To20261795400500010 implements MigrationInterface {
  name = 'RulesSeed2024To20261795400500010';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`INSERT INTO rule_versions (version, created_by, reason) VALUES (1, 'seed', 'DOMAIN.md §5 values for tax years 2024–2026')`);
    const columns = RULE_SEEDS.map((_, i) => `($${i * 8 + 1}, $${i * 8 + 2}, $${i * 8 + 3}::date, $${i * 8 + 4}::date, $${i * 8 + 5}::bigint, $${i * 8 + 6}, $${i * 8 + 7}, $${i * 8 + 8}, 1)`);
    await db.query(
      `INSERT INTO rule_values (rule_key, category, effective_from, effective_to, value, unit, confidence, source, introduced_in) VALUES ${columns.join(', ')}`,
      RULE_SEEDS.flat(),
    );
    await db.query(`INSERT INTO rule_version_values (version, value_id) SELECT 1, id FROM rule_values WHERE introduced_in = 1`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The tables are append-only for the application; a rollback drops the seed with the triggers out of the way.
    for (const table of ['rule_version_values', 'rule_values', 'rule_versions']) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
    await db.query(`DELETE FROM rule_version_values WHERE version = 1`);
    await db.query(`DELETE FROM rule_values WHERE introduced_in = 1`);
    await db.query(`DELETE FROM rule_versions WHERE version = 1`);
    for (const table of ['rule_version_values', 'rule_values', 'rule_versions']) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
  }
}
