/**
 * The columns of the summary tables and how each is made from a fact row (README "Self-declaration figures").
 * Counts are sums of per-entity flags; money is summed in whole VND. Everything in the summaries is additive, which is
 * what lets a refresh maintain them by delta (subtract an entity's old contribution, add its new one).
 */
export const COUNT_FLAGS = [
  'linked',
  'registered_before',
  'newly_registered',
  'pending_review',
  'with_declaration',
  'with_withholding',
  'covered',
  'fully_declared',
  'with_case',
  'flagged_unregistered',
  'flagged_not_filed',
  'flagged_under_declared',
  'flagged_split',
] as const;

export const MONEY_COLUMNS = ['platform_revenue', 'declared_revenue', 'withheld_revenue', 'tax_declared', 'tax_withheld', 'estimated_due'] as const;

/** Summary measures in table order: `sellers` (one per fact row), the flags, the money. */
export const SUMMARY_MEASURES = ['sellers', ...COUNT_FLAGS, ...MONEY_COLUMNS] as const;
export type SummaryMeasure = (typeof SUMMARY_MEASURES)[number];

/** Fact columns of stats_entity_periods, in insert order. */
export const FACT_COLUMNS = [
  'entity_id', 'period', 'platform_key', 'period_kind', 'tax_year', 'province', 'category', 'first_seen',
  ...COUNT_FLAGS, ...MONEY_COLUMNS,
] as const;

/** Cohort windows, in quarters after the quarter first seen. */
export const COHORT_WINDOWS = [1, 2, 4] as const;

export const COHORT_MEASURES = [
  'sellers',
  ...COHORT_WINDOWS.map((k) => `registered_${k}q`),
  'registered_now',
  ...COHORT_WINDOWS.map((k) => `declaring_${k}q`),
  'declaring_now',
] as const;

/** How each cohort measure is made from a stats_entity_cohorts row. */
export function cohortMeasureExpression(measure: string): string {
  if (measure === 'sellers') return '1';
  const [kind, window] = measure.split('_');
  const column = kind === 'registered' ? 'registered_after' : 'declared_after';
  if (window === 'now') return `(${column} IS NOT NULL)::int`;
  return `coalesce(${column} <= ${parseInt(window, 10)}, false)::int`;
}

export const COHORT_FACT_COLUMNS = ['entity_id', 'platform_key', 'first_quarter', 'province', 'category', 'registered_after', 'declared_after'] as const;

/** The platform key of the rows that count every seller once, whatever the platforms it sold on. */
export const ALL_PLATFORMS = '*';
