import { BusinessCategory } from '../identifiers/category';
import { divideRoundHalfUp } from '../identifiers/money';
import { categoryRates, TaxYearRules } from '../rules/tax-year-rules';
import { ShopQuarter } from './entity-year-facts';

/**
 * Estimated tax at risk on `undeclared` VND of revenue (README "Tax at risk"), bigint only:
 *
 *   W_vat = Σ over due shop-quarters of net × VAT bp(category, quarter) × [R > VAT threshold(quarter)]
 *   W_pit = Σ over due shop-quarters of net × PIT bp(category, quarter) × [R > PIT threshold(quarter)]
 *   VAT   = round(U × W_vat / (R_due × 10000))
 *   PIT   = round(B × W_pit / (R_due × 10000)),  B = U, or min(U, max(0, R − PIT threshold)) when PIT applies to
 *           revenue − threshold (2026 on)
 *
 * R is the entity's net platform revenue of the whole tax year, R_due that of the quarters whose filing deadline has
 * passed, U the part of R_due nobody declared or withheld. The undeclared revenue is thus spread over shops and
 * quarters like the revenue itself, so each part is taxed at its category's rates and by the rules of its quarter,
 * with a single rounding at the end. Category: the registry's, else the one the platform reported for the shop,
 * else unknown → the highest rates in force (and `highestRates` says so).
 */
export interface TaxAtRisk {
  vat: bigint;
  pit: bigint;
  total: bigint;
  pitBase: bigint;
  highestRates: boolean;
  ruleValueIds: string[];
}

export interface TaxContext {
  rules: TaxYearRules;
  /** Net platform revenue of the whole tax year. */
  yearRevenue: bigint;
  dueShopQuarters: readonly ShopQuarter[];
  registryCategory: BusinessCategory | null;
}

export function taxAtRisk(undeclared: bigint, ctx: TaxContext): TaxAtRisk {
  const ids = new Set<string>();
  let dueRevenue = 0n;
  let wVat = 0n;
  let wPit = 0n;
  let highest = false;
  for (const shop of ctx.dueShopQuarters) {
    const quarter = ctx.rules.quarters.find((q) => q.quarter === shop.quarter);
    if (!quarter) continue;
    dueRevenue += shop.net;
    const rates = categoryRates(ctx.rules.book, quarter.start, ctx.registryCategory ?? shop.category);
    highest ||= rates.vat.highest || rates.pit.highest;
    for (const hit of [rates.vat, rates.pit, quarter.vatThreshold, quarter.pitThreshold]) hit.ids.forEach((id) => ids.add(id));
    if (ctx.yearRevenue > quarter.vatThreshold.value) wVat += shop.net * rates.vat.value;
    if (ctx.yearRevenue > quarter.pitThreshold.value) wPit += shop.net * rates.pit.value;
  }
  const deducts = ctx.rules.pitDeductsThreshold.value === 1n;
  ctx.rules.pitDeductsThreshold.ids.forEach((id) => ids.add(id));
  let pitBase = undeclared;
  if (deducts) {
    ctx.rules.pitThresholdAtYearEnd.ids.forEach((id) => ids.add(id));
    pitBase = min(undeclared, max(0n, ctx.yearRevenue - ctx.rules.pitThresholdAtYearEnd.value));
  }
  const vat = share(undeclared, wVat, dueRevenue);
  const pit = share(pitBase, wPit, dueRevenue);
  return { vat, pit, total: vat + pit, pitBase, highestRates: highest, ruleValueIds: [...ids].sort(compareIds) };
}

function share(base: bigint, weight: bigint, dueRevenue: bigint): bigint {
  if (base <= 0n || weight <= 0n || dueRevenue <= 0n) return 0n;
  return divideRoundHalfUp(base * weight, dueRevenue * 10_000n);
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function compareIds(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}
