import { RULE_SEEDS } from '../../migrations/1795400500010-RulesSeed2024To2026';
import { RuleBook, RuleValue } from './rule-book';
import { RuleKey, RuleUnit } from './rule-catalog';

/** For unit tests: the rule book of version 1 exactly as the seed migration writes it (ids in insertion order). */
export function seedRuleValues(): RuleValue[] {
  return RULE_SEEDS.map(([key, category, from, to, value, unit, confidence, source], i) => ({
    id: String(i + 1),
    key: key as RuleKey,
    category,
    effectiveFrom: from,
    effectiveTo: to,
    value: BigInt(value),
    unit: unit as RuleUnit,
    confidence: confidence as RuleValue['confidence'],
    source,
    introducedIn: 1,
  }));
}

export function seedRuleBook(): RuleBook {
  return new RuleBook(1, seedRuleValues());
}
