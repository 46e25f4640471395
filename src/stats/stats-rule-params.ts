import { BUSINESS_CATEGORIES, BusinessCategory } from '../identifiers/category';
import { RuleBook, RuleMissingError } from '../rules/rule-book';
import { categoryRates, taxYearRules } from '../rules/tax-year-rules';

/**
 * The rule values the estimated-due figure needs, per quarter (and per category), looked up with the rules
 * module's own functions so that stats read the rules exactly as reconciliation does: quarter values in force on
 * the quarter's first day, year values (the 2026 PIT deduction) on 31 December, an unknown category at the highest
 * rate of each tax. They travel to SQL as arrays (unnest) and become two small temporary tables.
 */
export const UNKNOWN_CATEGORY = 'unknown';
export const STATS_CATEGORIES = [...BUSINESS_CATEGORIES, UNKNOWN_CATEGORY] as const;

export interface QuarterRuleParams {
  period: string;
  vatThreshold: bigint;
  pitThreshold: bigint;
  lumpSumAllowed: boolean;
  pitDeductsThreshold: boolean;
  pitThresholdYearEnd: bigint;
}

export interface RateRuleParams {
  period: string;
  category: string;
  vatBp: bigint;
  pitBp: bigint;
}

export interface StatsRuleParams {
  version: number;
  quarters: QuarterRuleParams[];
  rates: RateRuleParams[];
  /** Tax years with no rule in force (nothing is estimated for them; declarations are kept whole). */
  yearsWithoutRules: number[];
}

export function statsRuleParams(book: RuleBook, years: readonly number[]): StatsRuleParams {
  const out: StatsRuleParams = { version: book.version, quarters: [], rates: [], yearsWithoutRules: [] };
  for (const year of [...new Set(years)].sort()) {
    try {
      const rules = taxYearRules(book, year);
      for (const q of rules.quarters) {
        out.quarters.push({
          period: q.quarter,
          vatThreshold: q.vatThreshold.value,
          pitThreshold: q.pitThreshold.value,
          lumpSumAllowed: q.lumpSumAllowed.value === 1n,
          pitDeductsThreshold: rules.pitDeductsThreshold.value === 1n,
          pitThresholdYearEnd: rules.pitThresholdAtYearEnd.value,
        });
        for (const category of STATS_CATEGORIES) {
          const known = category === UNKNOWN_CATEGORY ? null : (category as BusinessCategory);
          const rates = categoryRates(book, q.start, known);
          out.rates.push({ period: q.quarter, category, vatBp: rates.vat.value, pitBp: rates.pit.value });
        }
      }
    } catch (error) {
      if (!(error instanceof RuleMissingError)) throw error;
      out.yearsWithoutRules.push(year);
    }
  }
  return out;
}

/** Parameters of LOAD_RULE_PARAMS ($1..$10). */
export function ruleParamArrays(p: StatsRuleParams): unknown[] {
  return [
    p.quarters.map((q) => q.period),
    p.quarters.map((q) => String(q.vatThreshold)),
    p.quarters.map((q) => String(q.pitThreshold)),
    p.quarters.map((q) => q.lumpSumAllowed),
    p.quarters.map((q) => q.pitDeductsThreshold),
    p.quarters.map((q) => String(q.pitThresholdYearEnd)),
    p.rates.map((r) => r.period),
    p.rates.map((r) => r.category),
    p.rates.map((r) => String(r.vatBp)),
    p.rates.map((r) => String(r.pitBp)),
  ];
}
