import { BUSINESS_CATEGORIES, BusinessCategory } from '../identifiers/category';
import { ANY_CATEGORY, RULE_CATALOG, RuleKey, RuleUnit } from './rule-catalog';

/** One immutable rule value (a row of rule_values). Dates are 'YYYY-MM-DD'; `effectiveTo` is inclusive. */
export interface RuleValue {
  id: string;
  key: RuleKey;
  category: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  value: bigint;
  unit: RuleUnit;
  confidence: 'H' | 'M' | 'L';
  source: string;
  introducedIn: number;
}

/** A value looked up for a date, with the ids of the rule values it came from (for provenance). */
export interface RuleHit {
  value: bigint;
  ids: string[];
  /** True when the category was unknown and the highest value over all categories was used. */
  highest: boolean;
}

export class RuleMissingError extends Error {
  constructor(
    readonly key: RuleKey,
    readonly category: string,
    readonly date: string,
  ) {
    super(`no rule value for ${key} (${category}) in force on ${date}`);
    this.name = 'RuleMissingError';
  }
}

/**
 * The rules of one version, for every date. Pure: built from rows, no I/O. Lookups are by the date a period is
 * judged on, so a 2024 quarter is judged by the values in force in 2024 whenever it is computed.
 */
export class RuleBook {
  private readonly byKey = new Map<string, RuleValue[]>();

  constructor(
    readonly version: number,
    readonly values: readonly RuleValue[],
  ) {
    for (const value of values) {
      const slot = `${value.key}|${value.category}`;
      const list = this.byKey.get(slot) ?? [];
      list.push(value);
      this.byKey.set(slot, list);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  }

  /**
   * The value of `key` on `date`. For a per-category key, `category` null/undefined means unknown: the highest
   * value in force over every category is used (DOMAIN §5: unknown category → the highest rates) and flagged.
   */
  lookup(key: RuleKey, date: string, category?: BusinessCategory | null): RuleHit {
    if (!RULE_CATALOG[key].perCategory) return this.exact(key, ANY_CATEGORY, date);
    if (category) return this.exact(key, category, date);
    let best: RuleHit | null = null;
    for (const c of BUSINESS_CATEGORIES) {
      const hit = this.exact(key, c, date);
      if (!best || hit.value > best.value) best = hit;
    }
    return { ...best!, highest: true };
  }

  /** Like lookup, but null instead of an error when nothing is in force (rules that start later, e.g. withholding). */
  find(key: RuleKey, date: string, category?: BusinessCategory | null): RuleHit | null {
    try {
      return this.lookup(key, date, category);
    } catch (error) {
      if (error instanceof RuleMissingError) return null;
      throw error;
    }
  }

  /** Whether any value of `key` is in force on `date` (for the category, or any category). */
  has(key: RuleKey, date: string): boolean {
    return this.find(key, date) !== null;
  }

  private exact(key: RuleKey, category: string, date: string): RuleHit {
    const list = this.byKey.get(`${key}|${category}`) ?? [];
    const value = list.find((v) => v.effectiveFrom <= date && (v.effectiveTo === null || v.effectiveTo >= date));
    if (!value) throw new RuleMissingError(key, category, date);
    return { value: value.value, ids: [value.id], highest: false };
  }
}
