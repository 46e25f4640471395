import { TaxYearRules } from '../rules/tax-year-rules';
import { EntityYearFacts, EntityYearVerdict, IdentityIssue, SignalDraft, SignalNumbers } from './entity-year-facts';
import { REVENUE_SIGNALS, SignalCode } from './signal-codes';
import { compareIds, max, TaxAtRisk, taxAtRisk } from './tax-at-risk';
import { checkWithholding } from './withholding-check';
import { YearTotals, yearTotals } from './year-totals';

/**
 * Judges one seller entity in one tax year under one rule version (README "Signals" has the formulas). Pure:
 * the same facts, rules and judgment date always give the same verdict, which is what makes recomputation idempotent.
 */
export function evaluateEntityYear(facts: EntityYearFacts, rules: TaxYearRules, asOf: string): EntityYearVerdict {
  const totals = yearTotals(facts, rules, asOf);
  const registered = (facts.link.band === 'auto' || facts.link.band === 'confirmed') && facts.link.taxpayerId !== null;
  const inReview = !registered && facts.link.band === 'review';
  const above = totals.revenue > rules.obligationThreshold;
  const ctx = { facts, rules, totals, registered };
  const signals: SignalDraft[] = [];
  if (above && registered) signals.push(...registeredSignals(ctx));
  if (above && !registered && !inReview) signals.push(revenueSignal(ctx, 'UNREGISTERED', totals.dueRevenue - totals.withheldRevenueDue, {}));
  const split = splitSignal(ctx, inReview);
  if (split) signals.push(split);
  const withholding = withholdingSignal(ctx);
  if (withholding) signals.push(withholding);
  const waitingOn = inReview && above ? 'link_review' : null;
  const identity = identitySignal(ctx, inReview);
  if (identity) signals.push(identity);
  return {
    entityId: facts.entityId,
    taxYear: facts.taxYear,
    signals,
    proposeCase: waitingOn !== null || signals.some((s) => s.code !== 'IDENTITY_QUALITY'),
    waitingOn,
    caseEstimate: caseEstimate(signals),
    linkConfidence: linkConfidence(facts.link.band, facts.link.score),
    linkBand: facts.link.band,
    taxpayerId: facts.link.taxpayerId,
    reopenMarginBp: rules.reopenMargin.value,
    ruleVersion: rules.version,
  };
}

interface Ctx {
  facts: EntityYearFacts;
  rules: TaxYearRules;
  totals: YearTotals;
  registered: boolean;
}

/** NOT_FILED, UNDER_DECLARED, INVOICE_GAP: only for an entity linked (auto/confirmed) to a registered taxpayer. */
function registeredSignals(ctx: Ctx): SignalDraft[] {
  const { totals, rules } = ctx;
  const out: SignalDraft[] = [];
  if (totals.dueRevenue > 0n && totals.coveredDue === 0n) out.push(revenueSignal(ctx, 'NOT_FILED', totals.dueRevenue, {}));
  const tolerance = rules.underDeclaredTolerance;
  // C_due < (1 − tolerance) × R_due, in integers: C_due × 10000 < (10000 − tolerance_bp) × R_due.
  if (totals.dueRevenue > 0n && totals.coveredDue > 0n && totals.coveredDue * 10_000n < (10_000n - tolerance.value) * totals.dueRevenue) {
    out.push(revenueSignal(ctx, 'UNDER_DECLARED', totals.dueRevenue - totals.coveredDue, { toleranceBp: String(tolerance.value) }, tolerance.ids));
  }
  const mandatory = rules.invoiceMandatoryRevenue;
  const gap = rules.invoiceGapTolerance;
  if (mandatory && totals.revenue >= mandatory.value && totals.invoiced * 10_000n < gap.value * totals.revenue) {
    const uninvoiced = totals.dueRevenue - max(totals.coveredDue, totals.invoicedDue);
    const extra = { invoiceMandatoryRevenue: String(mandatory.value), invoiceGapBp: String(gap.value), invoiced: String(totals.invoiced), invoiceCount: totals.invoiceCount };
    out.push(revenueSignal(ctx, 'INVOICE_GAP', uninvoiced, extra, [...mandatory.ids, ...gap.ids]));
  }
  return out;
}

/** SPLIT_ACROSS_PLATFORMS: ≥ 2 platforms with revenue, each at or below the threshold, together above it. */
function splitSignal(ctx: Ctx, inReview: boolean): SignalDraft | null {
  const { totals, rules } = ctx;
  const selling = [...totals.byPlatform.entries()].filter(([, net]) => net > 0n);
  if (selling.length < 2 || totals.revenue <= rules.obligationThreshold) return null;
  if (selling.some(([, net]) => net > rules.obligationThreshold)) return null;
  const byPlatform = Object.fromEntries(selling.sort(([a], [b]) => a.localeCompare(b)).map(([id, net]) => [id, String(net)]));
  // Tax on what nobody declared or withheld; while the link waits on review, nothing is estimated against anyone.
  const covered = ctx.registered ? totals.coveredDue : totals.withheldRevenueDue;
  const undeclared = inReview ? 0n : totals.dueRevenue - covered;
  return revenueSignal(ctx, 'SPLIT_ACROSS_PLATFORMS', undeclared, { platforms: selling.length, revenueByPlatform: byPlatform });
}

function revenueSignal(ctx: Ctx, code: SignalCode, undeclared: bigint, extra: SignalNumbers, extraIds: string[] = []): SignalDraft {
  const { totals, rules, facts } = ctx;
  const taxable = max(0n, undeclared);
  const tax = taxAtRisk(taxable, { rules, yearRevenue: totals.revenue, dueShopQuarters: totals.dueShopQuarters, registryCategory: facts.registration?.category ?? null });
  const ids = new Set([...rules.obligationThresholdIds, ...tax.ruleValueIds, ...extraIds, ...totals.lumpSumRuleIds]);
  rules.quarters.forEach((q) => q.filingMonths.ids.forEach((id) => ids.add(id)));
  return {
    code,
    platformRevenue: totals.revenue,
    declaredRevenue: totals.declared,
    estimatedTaxAtRisk: tax.total,
    numbers: { ...commonNumbers(ctx, taxable, tax), ...extra },
    sources: { observationIds: totals.observationIds, declarationIds: totals.declarationIds, invoiceKeys: totals.invoiceKeys },
    ruleValueIds: [...ids].sort(compareIds),
  };
}

function commonNumbers(ctx: Ctx, undeclared: bigint, tax: TaxAtRisk): SignalNumbers {
  const { totals, rules, facts } = ctx;
  return {
    threshold: String(rules.obligationThreshold),
    platformRevenue: String(totals.revenue),
    platformGross: String(totals.gross),
    platformRefunds: String(totals.refunds),
    dueRevenue: String(totals.dueRevenue),
    declaredRevenue: String(totals.declared),
    withheldRevenue: String(totals.withheldRevenue),
    coveredDue: String(totals.coveredDue),
    undeclaredRevenue: String(undeclared),
    dueQuarters: totals.dueQuarters,
    notYetDueQuarters: totals.notYetDueQuarters,
    lumpSumIgnored: totals.lumpSumIgnored,
    perQuarter: totals.perQuarter,
    registration: facts.registration
      ? { status: facts.registration.status, registeredOn: facts.registration.registeredOn, category: facts.registration.category }
      : null,
    tax: {
      vat: String(tax.vat),
      pit: String(tax.pit),
      pitBase: String(tax.pitBase),
      categoryBasis: facts.registration?.category ? `registry:${facts.registration.category}` : 'platform-reported',
      highestRates: tax.highestRates,
    },
  };
}

function withholdingSignal(ctx: Ctx): SignalDraft | null {
  const result = checkWithholding(ctx.rules.book, ctx.facts.withholdingRows);
  if (result.findings.length === 0) return null;
  return {
    code: 'WITHHOLDING_ERROR',
    platformRevenue: ctx.totals.revenue,
    declaredRevenue: ctx.totals.declared,
    estimatedTaxAtRisk: result.shortfall,
    numbers: {
      rows: result.findings,
      shortfall: String(result.shortfall),
      excess: String(result.excess),
      platformIds: [...new Set(result.findings.map((f) => f.platformId))].sort(),
      against: 'platform',
    },
    sources: { observationIds: result.findings.map((f) => f.observationId) },
    ruleValueIds: result.ruleValueIds,
  };
}

function identitySignal(ctx: Ctx, inReview: boolean): SignalDraft | null {
  const issues: IdentityIssue[] = [...ctx.facts.identityIssues];
  if (inReview) issues.unshift({ reason: 'LINK_IN_REVIEW', detail: { candidateTaxpayerId: ctx.facts.link.taxpayerId, score: ctx.facts.link.score } });
  if (issues.length === 0) return null;
  const sellerIds = [...new Set(issues.map((i) => i.sellerId).filter((id): id is string => !!id))].sort(compareIds);
  return {
    code: 'IDENTITY_QUALITY',
    platformRevenue: ctx.totals.revenue,
    declaredRevenue: ctx.totals.declared,
    estimatedTaxAtRisk: 0n,
    numbers: {
      reasons: issues,
      // While the link waits on review, the figures say what is at stake without accusing anyone.
      aboveThreshold: ctx.totals.revenue > ctx.rules.obligationThreshold,
      threshold: String(ctx.rules.obligationThreshold),
      platformRevenue: String(ctx.totals.revenue),
    },
    sources: { sellerIds },
    ruleValueIds: [...ctx.rules.obligationThresholdIds],
  };
}

/** The largest revenue-signal estimate (they tax the same undeclared revenue) plus what the platform failed to withhold. */
export function caseEstimate(signals: readonly SignalDraft[]): bigint {
  let revenue = 0n;
  let withholding = 0n;
  for (const s of signals) {
    if (REVENUE_SIGNALS.includes(s.code)) revenue = max(revenue, s.estimatedTaxAtRisk);
    if (s.code === 'WITHHOLDING_ERROR') withholding += s.estimatedTaxAtRisk;
  }
  return revenue + withholding;
}

/**
 * Confidence in the registration status a case relies on: confirmed 1; auto and review the link score; none
 * 1 − the best candidate's score (how sure we are that no registry record is this seller).
 */
export function linkConfidence(band: string, score: string | null): string | null {
  if (band === 'confirmed') return '1.000000';
  if (score === null) return band === 'none' ? '1.000000' : null;
  const micro = BigInt(Math.round(Number(score) * 1_000_000)); // score is numeric(7,6): exact in a double
  const value = band === 'none' ? 1_000_000n - micro : micro;
  const clamped = value < 0n ? 0n : value > 1_000_000n ? 1_000_000n : value;
  return `${clamped / 1_000_000n}.${String(clamped % 1_000_000n).padStart(6, '0')}`;
}
