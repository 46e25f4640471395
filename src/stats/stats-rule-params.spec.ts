import { seedRuleBook } from '../rules/seed-rule-book.testing';
import { statsRuleParams } from './stats-rule-params';

describe('rule values for the estimated-due figure', () => {
  const params = statsRuleParams(seedRuleBook(), [2026, 2025, 2023]);
  const quarter = (period: string) => params.quarters.find((q) => q.period === period)!;
  const rates = (period: string, category: string) => params.rates.find((r) => r.period === period && r.category === category)!;

  it('takes quarter values on the quarter’s first day: the 2025 VAT threshold change falls between Q2 and Q3', () => {
    expect([quarter('2025-Q2').vatThreshold, quarter('2025-Q3').vatThreshold, quarter('2025-Q3').pitThreshold]).toEqual([100_000_000n, 200_000_000n, 100_000_000n]);
    expect([quarter('2025-Q4').lumpSumAllowed, quarter('2026-Q1').lumpSumAllowed]).toEqual([true, false]);
  });

  it('applies the 2026 PIT deduction of the year-end threshold', () => {
    expect([quarter('2025-Q4').pitDeductsThreshold, quarter('2026-Q1').pitDeductsThreshold, quarter('2026-Q1').pitThresholdYearEnd]).toEqual([false, true, 1_000_000_000n]);
  });

  it('rates an unknown category at the highest rate of each tax', () => {
    expect(rates('2025-Q1', 'goods')).toMatchObject({ vatBp: 100n, pitBp: 50n });
    expect(rates('2025-Q1', 'services')).toMatchObject({ vatBp: 500n, pitBp: 200n });
    expect(rates('2025-Q1', 'unknown')).toMatchObject({ vatBp: 500n, pitBp: 500n });
  });

  it('names the years that have no rules instead of inventing values', () => {
    expect(params.yearsWithoutRules).toEqual([2023]);
    expect(params.quarters.filter((q) => q.period.startsWith('2023'))).toEqual([]);
  });
});
