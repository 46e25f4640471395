import { TaxYearRules } from '../rules/tax-year-rules';
import { EntityYearFacts, ShopQuarter } from './entity-year-facts';
import { compareIds } from './tax-at-risk';

/**
 * The sums one entity-year is judged on (README "Figures"). All net of refunds; quarters are "due" once their
 * filing deadline (rule filing.frequency_months) is before the judgment date.
 */
export interface YearTotals {
  /** R: net platform revenue, every platform and shop, every quarter of the year reported so far. */
  revenue: bigint;
  gross: bigint;
  refunds: bigint;
  /** R_due: the same over quarters whose filing deadline has passed. */
  dueRevenue: bigint;
  dueQuarters: string[];
  notYetDueQuarters: string[];
  dueShopQuarters: ShopQuarter[];
  /** Net revenue per platform id (all the entity's shops on it). */
  byPlatform: Map<string, bigint>;
  /** D: declared revenue of the year, lump-sum records dropped where lump sums are no longer valid. */
  declared: bigint;
  declaredDue: bigint;
  /** Net revenue of rows on which a platform withheld VAT or PIT (Σ over the year / over due quarters). */
  withheldRevenue: bigint;
  withheldRevenueDue: bigint;
  /** C_due = declared + withheld revenue of due quarters. */
  coveredDue: bigint;
  invoiced: bigint;
  invoicedDue: bigint;
  invoiceCount: number;
  lumpSumIgnored: Array<{ quarter: string; revenue: string }>;
  perQuarter: Array<{ quarter: string; due: boolean; net: string; declared: string; withheldRevenue: string; invoiced: string }>;
  observationIds: string[];
  declarationIds: string[];
  invoiceKeys: string[];
  lumpSumRuleIds: string[];
}

export function yearTotals(facts: EntityYearFacts, rules: TaxYearRules, asOf: string): YearTotals {
  const t = emptyTotals();
  const due = new Set(rules.quarters.filter((q) => q.dueDate < asOf).map((q) => q.quarter));
  const netByQuarter = new Map<string, bigint>();
  const withheldByQuarter = new Map<string, bigint>();
  for (const shop of facts.shopQuarters) {
    t.revenue += shop.net;
    t.gross += shop.gross;
    t.refunds += shop.refunds;
    t.withheldRevenue += shop.withheldRevenue;
    t.byPlatform.set(shop.platformId, (t.byPlatform.get(shop.platformId) ?? 0n) + shop.net);
    netByQuarter.set(shop.quarter, (netByQuarter.get(shop.quarter) ?? 0n) + shop.net);
    withheldByQuarter.set(shop.quarter, (withheldByQuarter.get(shop.quarter) ?? 0n) + shop.withheldRevenue);
    shop.observationIds.forEach((id) => t.observationIds.push(id));
    if (!due.has(shop.quarter)) continue;
    t.dueRevenue += shop.net;
    t.withheldRevenueDue += shop.withheldRevenue;
    t.dueShopQuarters.push(shop);
  }
  for (const q of rules.quarters) {
    const record = facts.quarters.find((r) => r.quarter === q.quarter);
    const net = netByQuarter.get(q.quarter) ?? 0n;
    const lumpSumValid = q.lumpSumAllowed.value === 1n;
    const lumpSum = record?.lumpSumRevenue ?? 0n;
    if (lumpSum > 0n) q.lumpSumAllowed.ids.forEach((id) => t.lumpSumRuleIds.push(id));
    if (lumpSum > 0n && !lumpSumValid) t.lumpSumIgnored.push({ quarter: q.quarter, revenue: String(lumpSum) });
    const declared = (record?.declaredRevenue ?? 0n) - (lumpSumValid ? 0n : lumpSum);
    const invoiced = record?.invoicedRevenue ?? 0n;
    t.declared += declared;
    t.invoiced += invoiced;
    t.invoiceCount += record?.invoiceCount ?? 0;
    record?.declarationIds.forEach((id) => t.declarationIds.push(id));
    record?.invoiceKeys.forEach((key) => t.invoiceKeys.push(key));
    if (due.has(q.quarter)) {
      t.declaredDue += declared;
      t.invoicedDue += invoiced;
    }
    if (net !== 0n || declared !== 0n || invoiced !== 0n) {
      const withheld = withheldByQuarter.get(q.quarter) ?? 0n;
      t.perQuarter.push({ quarter: q.quarter, due: due.has(q.quarter), net: String(net), declared: String(declared), withheldRevenue: String(withheld), invoiced: String(invoiced) });
    }
  }
  t.coveredDue = t.declaredDue + t.withheldRevenueDue;
  t.dueQuarters = rules.quarters.filter((q) => due.has(q.quarter) && netByQuarter.has(q.quarter)).map((q) => q.quarter);
  t.notYetDueQuarters = rules.quarters.filter((q) => !due.has(q.quarter) && netByQuarter.has(q.quarter)).map((q) => q.quarter);
  for (const list of [t.observationIds, t.declarationIds, t.invoiceKeys]) list.sort(compareIds);
  return t;
}

function emptyTotals(): YearTotals {
  return {
    revenue: 0n, gross: 0n, refunds: 0n, dueRevenue: 0n, dueQuarters: [], notYetDueQuarters: [], dueShopQuarters: [],
    byPlatform: new Map(), declared: 0n, declaredDue: 0n, withheldRevenue: 0n, withheldRevenueDue: 0n, coveredDue: 0n,
    invoiced: 0n, invoicedDue: 0n, invoiceCount: 0, lumpSumIgnored: [], perQuarter: [], observationIds: [],
    declarationIds: [], invoiceKeys: [], lumpSumRuleIds: [],
  };
}
