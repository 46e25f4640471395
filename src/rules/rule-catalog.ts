import { BUSINESS_CATEGORIES, BusinessCategory } from '../identifiers/category';

/**
 * Every rule the reconciliation reads, its unit and whether it is set per business category. The values live in
 * the database (rule_values), effective-dated and versioned; this catalog only says what a valid value is.
 *
 * Units: `vnd` whole VND; `bp` basis points (1 % = 100, so 0.5 % = 50: exact integers, never floats);
 * `flag` 0 or 1; `months` a filing frequency (1 monthly, 3 quarterly).
 */
export type RuleUnit = 'vnd' | 'bp' | 'flag' | 'months';

export interface RuleDefinition {
  unit: RuleUnit;
  perCategory: boolean;
  /** Which date of a period picks the value: its first day (quarter rules) or the tax year's last day (year rules). */
  judgedOn: 'quarter_start' | 'year_end' | 'row_period_start';
  description: string;
}

export const RULE_CATALOG = {
  'threshold.vat': { unit: 'vnd', perCategory: false, judgedOn: 'quarter_start', description: 'annual revenue at or below which no VAT is due' },
  'threshold.pit': { unit: 'vnd', perCategory: false, judgedOn: 'quarter_start', description: 'annual revenue at or below which no PIT is due' },
  'pit.deducts_threshold': { unit: 'flag', perCategory: false, judgedOn: 'year_end', description: '1: PIT applies to revenue − threshold (2026 on); 0: to the whole revenue' },
  'rate.vat': { unit: 'bp', perCategory: true, judgedOn: 'quarter_start', description: 'revenue-method VAT rate' },
  'rate.pit': { unit: 'bp', perCategory: true, judgedOn: 'quarter_start', description: 'revenue-method PIT rate' },
  'withholding.vat': { unit: 'bp', perCategory: true, judgedOn: 'row_period_start', description: 'VAT a platform withholds (Decree 117)' },
  'withholding.pit': { unit: 'bp', perCategory: true, judgedOn: 'row_period_start', description: 'PIT a platform withholds for a resident (Decree 117)' },
  'withholding.pit_nonresident': { unit: 'bp', perCategory: true, judgedOn: 'row_period_start', description: 'PIT a platform withholds for a non-resident' },
  'invoice.mandatory_revenue': { unit: 'vnd', perCategory: false, judgedOn: 'year_end', description: 'annual revenue from which e-invoices are mandatory' },
  'lump_sum.allowed': { unit: 'flag', perCategory: false, judgedOn: 'quarter_start', description: '1: lump-sum (khoán) records count as declarations' },
  'filing.frequency_months': { unit: 'months', perCategory: false, judgedOn: 'quarter_start', description: 'self-declaration period: 1 monthly, 3 quarterly' },
  'tolerance.under_declared': { unit: 'bp', perCategory: false, judgedOn: 'year_end', description: 'share of platform revenue declared + withheld revenue may fall short by' },
  'tolerance.invoice_gap': { unit: 'bp', perCategory: false, judgedOn: 'year_end', description: 'e-invoiced revenue below this share of platform revenue is a gap' },
  'tolerance.withholding': { unit: 'vnd', perCategory: false, judgedOn: 'row_period_start', description: 'allowed difference between withheld and revenue × rate, per row and tax' },
  'case.reopen_margin': { unit: 'bp', perCategory: false, judgedOn: 'year_end', description: 'a closed case reopens when new evidence raises its estimate by this share' },
} as const satisfies Record<string, RuleDefinition>;

export type RuleKey = keyof typeof RULE_CATALOG;
export const RULE_KEYS = Object.keys(RULE_CATALOG) as RuleKey[];
/** `category` of a value that applies whatever the category. */
export const ANY_CATEGORY = '*';
export type RuleCategory = BusinessCategory | typeof ANY_CATEGORY;

export function isRuleKey(key: string): key is RuleKey {
  return Object.prototype.hasOwnProperty.call(RULE_CATALOG, key);
}

/** Why a value is not acceptable for a key, or null. Values are decimal integer strings. */
export function ruleValueProblem(key: RuleKey, value: string): string | null {
  if (!/^[0-9]{1,18}$/.test(value)) return 'must be a non-negative whole number written in digits';
  const n = BigInt(value);
  switch (RULE_CATALOG[key].unit) {
    case 'bp':
      return n <= 10_000n ? null : 'basis points must be between 0 and 10000';
    case 'flag':
      return n === 0n || n === 1n ? null : 'a flag is 0 or 1';
    case 'months':
      return n === 1n || n === 3n ? null : 'a filing frequency is 1 (monthly) or 3 (quarterly)';
    case 'vnd':
      return null;
  }
}

export function categoriesOf(key: RuleKey, category: string | undefined): RuleCategory[] | string {
  if (!RULE_CATALOG[key].perCategory) return category === undefined || category === ANY_CATEGORY ? [ANY_CATEGORY] : `${key} is not set per category`;
  if (category === undefined || category === ANY_CATEGORY) return [...BUSINESS_CATEGORIES];
  return (BUSINESS_CATEGORIES as readonly string[]).includes(category) ? [category as BusinessCategory] : `unknown category "${category}"`;
}
