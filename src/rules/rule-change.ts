import { addDays } from '../identifiers/vietnam-date';
import { RuleValue } from './rule-book';
import { categoriesOf, RULE_CATALOG, RuleKey, ruleValueProblem } from './rule-catalog';

/** One change an admin asks for: from `effectiveFrom` (to `effectiveTo`, inclusive, or open-ended) the value is `value`. */
export interface RuleChange {
  key: RuleKey;
  /** Omitted or '*' for a per-category key: every category. */
  category?: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  value: string;
  confidence?: 'H' | 'M' | 'L';
  source: string;
}

export type NewRuleValue = Omit<RuleValue, 'id' | 'introducedIn'>;

/** The next version: the ids of the previous version's values it keeps, and the rows it adds. */
export interface NextVersionPlan {
  keptIds: string[];
  added: NewRuleValue[];
}

export class RuleChangeError extends Error {}

/**
 * Applies changes to a version's values without touching any existing row: values outside every change window are
 * kept (by id); a value that straddles a window's edge is re-stated as a new row covering only the part outside
 * the window (same number, same source); the window gets the new value. A change never leaves a gap or an overlap
 * that was not there before.
 */
export function planNextVersion(current: readonly RuleValue[], changes: readonly RuleChange[]): NextVersionPlan {
  if (changes.length === 0) throw new RuleChangeError('a new rule version needs at least one change');
  let values: Array<RuleValue | NewRuleValue> = [...current];
  for (const change of changes) {
    const problem = changeProblem(change);
    if (problem) throw new RuleChangeError(problem);
    const categories = categoriesOf(change.key, change.category) as string[];
    for (const category of categories) values = applyOne(values, change, category);
  }
  return {
    keptIds: values.filter((v): v is RuleValue => 'id' in v).map((v) => v.id),
    added: values.filter((v) => !('id' in v)),
  };
}

function changeProblem(change: RuleChange): string | null {
  const valueProblem = ruleValueProblem(change.key, change.value);
  if (valueProblem) return `${change.key}: ${valueProblem}`;
  const categories = categoriesOf(change.key, change.category);
  if (typeof categories === 'string') return categories;
  if (change.effectiveTo && change.effectiveTo < change.effectiveFrom) return `${change.key}: effectiveTo is before effectiveFrom`;
  return null;
}

function applyOne(values: Array<RuleValue | NewRuleValue>, change: RuleChange, category: string): Array<RuleValue | NewRuleValue> {
  const from = change.effectiveFrom;
  const to = change.effectiveTo ?? null;
  const out: Array<RuleValue | NewRuleValue> = [];
  for (const v of values) {
    const sameSlot = v.key === change.key && v.category === category;
    if (!sameSlot || !overlaps(v, from, to)) {
      out.push(v);
      continue;
    }
    const restated = { ...stripIdentity(v) };
    if (v.effectiveFrom < from) out.push({ ...restated, effectiveTo: addDays(from, -1) });
    if (to !== null && (v.effectiveTo === null || v.effectiveTo > to)) out.push({ ...restated, effectiveFrom: addDays(to, 1) });
  }
  out.push({
    key: change.key,
    category,
    effectiveFrom: from,
    effectiveTo: to,
    value: BigInt(change.value),
    unit: RULE_CATALOG[change.key].unit,
    confidence: change.confidence ?? 'H',
    source: change.source,
  });
  return out;
}

function overlaps(v: { effectiveFrom: string; effectiveTo: string | null }, from: string, to: string | null): boolean {
  const startsBeforeWindowEnds = to === null || v.effectiveFrom <= to;
  const endsAfterWindowStarts = v.effectiveTo === null || v.effectiveTo >= from;
  return startsBeforeWindowEnds && endsAfterWindowStarts;
}

function stripIdentity(v: RuleValue | NewRuleValue): NewRuleValue {
  const { key, category, effectiveFrom, effectiveTo, value, unit, confidence, source } = v;
  return { key, category, effectiveFrom, effectiveTo, value, unit, confidence, source };
}
