import { planNextVersion, RuleChangeError } from './rule-change';
import { RuleBook, RuleMissingError } from './rule-book';
import { seedRuleBook, seedRuleValues } from './seed-rule-book.testing';
import { filingDueDate, taxYearRules, withholdingRates } from './tax-year-rules';

const M = 1_000_000n;

describe('seeded rules at their period boundaries', () => {
  const book = seedRuleBook();

  it('moves the VAT threshold from 100M to 200M on 01/07/2025 and to 1 billion on 01/01/2026', () => {
    expect(book.lookup('threshold.vat', '2025-06-30').value).toBe(100n * M);
    expect(book.lookup('threshold.vat', '2025-07-01').value).toBe(200n * M);
    expect(book.lookup('threshold.vat', '2025-12-31').value).toBe(200n * M);
    expect(book.lookup('threshold.vat', '2026-01-01').value).toBe(1000n * M);
  });

  it('keeps the PIT threshold at 100M through 2025 and raises it to 1 billion in 2026, deducted from revenue', () => {
    expect(book.lookup('threshold.pit', '2025-07-01').value).toBe(100n * M);
    expect(book.lookup('threshold.pit', '2025-12-31').value).toBe(100n * M);
    expect(book.lookup('threshold.pit', '2026-01-01').value).toBe(1000n * M);
    expect(book.lookup('pit.deducts_threshold', '2025-12-31').value).toBe(0n);
    expect(book.lookup('pit.deducts_threshold', '2026-01-01').value).toBe(1n);
  });

  it('judges 2025 quarter by quarter: Q2 by the 100M VAT threshold, Q3 by 200M; the obligation starts above 100M', () => {
    const y2025 = taxYearRules(book, 2025);
    expect(y2025.quarters.map((q) => q.vatThreshold.value)).toEqual([100n * M, 100n * M, 200n * M, 200n * M]);
    expect(y2025.obligationThreshold).toBe(100n * M);
    expect(taxYearRules(book, 2024).obligationThreshold).toBe(100n * M);
    expect(taxYearRules(book, 2026).obligationThreshold).toBe(1000n * M);
  });

  it('accepts lump-sum records to the end of 2025 and not from 2026', () => {
    expect(book.lookup('lump_sum.allowed', '2025-12-31').value).toBe(1n);
    expect(book.lookup('lump_sum.allowed', '2026-01-01').value).toBe(0n);
    expect(taxYearRules(book, 2025).quarters[3].lumpSumAllowed.value).toBe(1n);
    expect(taxYearRules(book, 2026).quarters[0].lumpSumAllowed.value).toBe(0n);
  });

  it('has no withholding rule before 07/2025 and the Decree 117 rates from it, non-residents apart', () => {
    expect(withholdingRates(book, '2025-06-01', 'goods', true)).toBeNull();
    const goods = withholdingRates(book, '2025-07-01', 'goods', true)!;
    expect([goods.vat.value, goods.pit.value]).toEqual([100n, 50n]);
    const services = withholdingRates(book, '2025-07-01', 'services', false)!;
    expect([services.vat.value, services.pit.value]).toEqual([500n, 500n]);
    expect(withholdingRates(book, '2025-07-01', 'production_transport', false)!.pit.value).toBe(200n);
  });

  it('uses the highest rates of every category when the category is unknown, and says so', () => {
    const vat = book.lookup('rate.vat', '2025-01-01', null);
    const pit = book.lookup('rate.pit', '2025-01-01', null);
    expect([vat.value, pit.value, vat.highest, pit.highest]).toEqual([500n, 500n, true, true]);
    expect(book.lookup('rate.vat', '2025-01-01', 'goods')).toEqual({ value: 100n, ids: expect.any(Array), highest: false });
  });

  it('files monthly to 2025 (due the 20th) and quarterly from 2026 (due the last day of the next month)', () => {
    expect(taxYearRules(book, 2025).quarters[2].dueDate).toBe('2025-10-20');
    expect(taxYearRules(book, 2026).quarters[2].dueDate).toBe('2026-10-31');
    expect(filingDueDate('2025-12-31', 3)).toBe('2026-01-31');
  });

  it('refuses a date no value covers', () => {
    expect(() => book.lookup('threshold.vat', '2023-12-31')).toThrow(RuleMissingError);
    expect(book.find('threshold.vat', '2023-12-31')).toBeNull();
  });
});

describe('a new rule version', () => {
  const current = seedRuleValues();

  it('re-states the part of a straddling value outside the change window and keeps every other value by id', () => {
    const plan = planNextVersion(current, [
      { key: 'threshold.pit', effectiveFrom: '2025-07-01', effectiveTo: '2025-12-31', value: '200000000', source: 'MoF letter', confidence: 'M' },
    ]);
    const replaced = current.find((v) => v.key === 'threshold.pit' && v.effectiveFrom === '2025-07-01')!;
    expect(plan.keptIds).not.toContain(replaced.id);
    expect(plan.keptIds).toHaveLength(current.length - 1);
    expect(plan.added).toEqual([expect.objectContaining({ key: 'threshold.pit', effectiveFrom: '2025-07-01', effectiveTo: '2025-12-31', value: 200n * M })]);
    const next = new RuleBook(2, [...current.filter((v) => plan.keptIds.includes(v.id)), ...plan.added.map((v, i) => ({ ...v, id: `n${i}`, introducedIn: 2 }))]);
    expect(next.lookup('threshold.pit', '2025-06-30').value).toBe(100n * M);
    expect(next.lookup('threshold.pit', '2025-07-01').value).toBe(200n * M);
    expect(next.lookup('threshold.pit', '2026-01-01').value).toBe(1000n * M);
  });

  it('splits an open-ended value around a bounded window', () => {
    const plan = planNextVersion(current, [{ key: 'rate.vat', category: 'goods', effectiveFrom: '2025-01-01', effectiveTo: '2025-03-31', value: '80', source: 'test' }]);
    const goods = plan.added.filter((v) => v.key === 'rate.vat' && v.category === 'goods');
    expect(goods.map((v) => [v.effectiveFrom, v.effectiveTo, v.value])).toEqual([
      ['2024-01-01', '2024-12-31', 100n],
      ['2025-04-01', null, 100n],
      ['2025-01-01', '2025-03-31', 80n],
    ]);
  });

  it('sets a per-category key for every category when no category is given', () => {
    const plan = planNextVersion(current, [{ key: 'rate.pit', effectiveFrom: '2027-01-01', value: '100', source: 'test' }]);
    expect(plan.added.filter((v) => v.effectiveFrom === '2027-01-01')).toHaveLength(6);
  });

  it('refuses values outside their unit and keys that are not per category', () => {
    expect(() => planNextVersion(current, [{ key: 'rate.vat', category: 'goods', effectiveFrom: '2027-01-01', value: '10001', source: 's' }])).toThrow(RuleChangeError);
    expect(() => planNextVersion(current, [{ key: 'lump_sum.allowed', effectiveFrom: '2027-01-01', value: '2', source: 's' }])).toThrow(RuleChangeError);
    expect(() => planNextVersion(current, [{ key: 'threshold.vat', category: 'goods', effectiveFrom: '2027-01-01', value: '1', source: 's' }])).toThrow(RuleChangeError);
    expect(() => planNextVersion(current, [{ key: 'threshold.vat', effectiveFrom: '2027-01-01', effectiveTo: '2026-01-01', value: '1', source: 's' }])).toThrow(RuleChangeError);
    expect(() => planNextVersion(current, [])).toThrow(RuleChangeError);
  });
});
