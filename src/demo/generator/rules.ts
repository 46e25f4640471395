/**
 * The rules the demo world's truth is computed with. They are the generator's own copy of the
 * effective-dated values in DOMAIN.md §5 (the service holds its own, versioned); README.md states them
 * in words. Amounts are whole VND.
 */

export const RULES_VERSION = 'demo-world-rules/1';

export const CATEGORIES = ['goods', 'services', 'production_transport', 'leasing', 'digital_content', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Withholding / revenue-method rates in basis points (1 % = 100). Unknown category → the highest. */
export const RATES_BP: Readonly<Record<Category | 'unknown', { vat: number; pit: number }>> = {
  goods: { vat: 100, pit: 50 },
  services: { vat: 500, pit: 200 },
  production_transport: { vat: 300, pit: 150 },
  leasing: { vat: 500, pit: 500 },
  digital_content: { vat: 500, pit: 500 },
  other: { vat: 200, pit: 100 },
  unknown: { vat: 500, pit: 500 },
};

export function ratesFor(category: Category | ''): { vat: number; pit: number } {
  return category === '' ? RATES_BP.unknown : RATES_BP[category];
}

/** Amount × rate, rounded half up, integer VND. */
export function applyRate(amount: number, bp: number): number {
  return Math.round((amount * bp) / 10_000);
}

export const TAX_YEARS = [2025, 2026] as const;
export type TaxYear = (typeof TAX_YEARS)[number];

/**
 * Annual revenue threshold used for the signals: the lowest threshold that creates an obligation in the
 * year. 2025: 100M (PIT all year; VAT 100M to 30/06, 200M after — above 100M PIT is already due).
 * 2026: 1 billion (Decree 141/2026, retroactive to 01/01/2026).
 */
export function revenueThreshold(year: number): number {
  if (year <= 2025) return 100_000_000;
  return 1_000_000_000;
}

/** E-invoices are mandatory at or above this annual revenue. */
export const INVOICE_MANDATORY_REVENUE = 1_000_000_000;
/** Declared + withheld-covered revenue may fall short of platform revenue by this share before it is a signal. */
export const DECLARATION_TOLERANCE = 0.1;
/** Invoiced total below this share of platform revenue is an invoice gap. */
export const INVOICE_MIN_COVERAGE = 0.5;
/** A withheld amount off by more than this many VND from revenue × rate is a withholding error. */
export const WITHHOLDING_TOLERANCE_VND = 1;

/**
 * Bands the generator keeps every person's numbers out of, so that no truth hinges on a rounding or a
 * tolerance decimal: amounts are ≤ 0.7× or ≥ 1.3× every threshold they are compared with; coverage
 * ratios are ≤ 0.75 or ≥ 0.97 (tolerance boundary 0.9); invoice coverage ≤ 0.35 or ≥ 0.7 (boundary 0.5).
 */
export const CLEAR = {
  below: 0.7,
  above: 1.3,
  coverageLow: 0.75,
  coverageHigh: 0.97,
  invoiceLow: 0.35,
  invoiceHigh: 0.7,
} as const;

export const SIGNALS = ['UNREGISTERED', 'NOT_FILED', 'UNDER_DECLARED', 'SPLIT_ACROSS_PLATFORMS', 'INVOICE_GAP', 'WITHHOLDING_ERROR'] as const;
export type Signal = (typeof SIGNALS)[number];

/** What the truth knows about one person in one tax year (all amounts net of refunds). */
export interface PersonYearFacts {
  year: number;
  registered: boolean;
  /** Platform revenue net of refunds, per platform (all of the person's shops on it). */
  revenueByPlatform: ReadonlyMap<string, number>;
  /** Σ declared_revenue of the person's declarations for periods in the year, under any of their codes. */
  declared: number;
  /** Σ net revenue of platform rows on which VAT or PIT was withheld. */
  withheldRevenue: number;
  /** Σ total_before_tax of the person's e-invoices issued in the year that no other invoice replaces. */
  invoiced: number;
  /** Platform rows of the year whose withholding is off the category rate by more than the tolerance. */
  withholdingErrors: number;
}

export function totalRevenue(f: PersonYearFacts): number {
  let total = 0;
  for (const v of f.revenueByPlatform.values()) total += v;
  return total;
}

/** The signals a correct matcher and reconciler must raise for one person-year. */
export function evaluateSignals(f: PersonYearFacts): Signal[] {
  const out: Signal[] = [];
  const threshold = revenueThreshold(f.year);
  const total = totalRevenue(f);
  const above = total > threshold;
  const covered = f.declared + f.withheldRevenue;

  if (!f.registered && above) out.push('UNREGISTERED');
  if (f.registered && above && covered === 0) out.push('NOT_FILED');
  if (f.registered && above && covered > 0 && covered < (1 - DECLARATION_TOLERANCE) * total) out.push('UNDER_DECLARED');

  const selling = [...f.revenueByPlatform.values()].filter((v) => v > 0);
  if (selling.length >= 2 && above && selling.every((v) => v <= threshold)) out.push('SPLIT_ACROSS_PLATFORMS');

  if (f.registered && total >= INVOICE_MANDATORY_REVENUE && f.invoiced < INVOICE_MIN_COVERAGE * total) out.push('INVOICE_GAP');
  if (f.withholdingErrors > 0) out.push('WITHHOLDING_ERROR');
  return out;
}

/** Problems that would make a person-year's truth depend on tolerance decimals (empty when clear). */
export function ambiguities(f: PersonYearFacts): string[] {
  const out: string[] = [];
  const threshold = revenueThreshold(f.year);
  const total = totalRevenue(f);
  const near = (x: number, t: number) => x > CLEAR.below * t && x < CLEAR.above * t;
  if (total > 0 && near(total, threshold)) out.push(`total ${total} near threshold ${threshold}`);
  if (total > 0 && near(total, INVOICE_MANDATORY_REVENUE)) out.push(`total ${total} near ${INVOICE_MANDATORY_REVENUE}`);
  // Per-platform amounts matter only for the split rule, and only when no platform alone is clearly above.
  const selling = [...f.revenueByPlatform].filter(([, v]) => v > 0);
  if (selling.length >= 2 && !selling.some(([, v]) => v >= CLEAR.above * threshold)) {
    for (const [p, v] of selling) if (near(v, threshold)) out.push(`${p} revenue ${v} near threshold`);
  }
  if (f.registered && total > threshold) {
    const ratio = (f.declared + f.withheldRevenue) / total;
    if (ratio > CLEAR.coverageLow && ratio < CLEAR.coverageHigh) out.push(`coverage ${ratio.toFixed(3)} near tolerance`);
  }
  if (f.registered && total >= INVOICE_MANDATORY_REVENUE) {
    const ratio = f.invoiced / total;
    if (ratio > CLEAR.invoiceLow && ratio < CLEAR.invoiceHigh) out.push(`invoice coverage ${ratio.toFixed(3)} near 50 %`);
  }
  return out;
}
