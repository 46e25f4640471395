import { BusinessCategory } from '../identifiers/category';
import { seedRuleBook } from '../rules/seed-rule-book.testing';
import { taxYearRules } from '../rules/tax-year-rules';
import { EntityYearFacts, QuarterRecord, ShopQuarter, WithholdingRow } from './entity-year-facts';
import { caseEstimate, evaluateEntityYear, linkConfidence } from './signal-evaluator';

const M = 1_000_000n;
const AS_OF = '2026-11-23';
const book = seedRuleBook();

function shop(quarter: string, net: bigint, over: Partial<ShopQuarter> = {}): ShopQuarter {
  return {
    sellerId: '1', platformId: 'p1', quarter, source: 'quarter', gross: net, refunds: 0n, net, vatWithheld: 0n, pitWithheld: 0n,
    withheldRevenue: 0n, otherSourceNet: null, category: 'goods', observationIds: [`o-${quarter}-${over.sellerId ?? '1'}`], ...over,
  };
}

function declared(quarter: string, revenue: bigint, over: Partial<QuarterRecord> = {}): QuarterRecord {
  return { quarter, declaredRevenue: revenue, lumpSumRevenue: 0n, declaredTaxPaid: 0n, declarationIds: [`d-${quarter}`], invoicedRevenue: 0n, invoiceCount: 0, invoiceKeys: [], ...over };
}

/** Revenue spread evenly over the quarters given. */
function spread(year: number, total: bigint, quarters = [1, 2, 3, 4], over: Partial<ShopQuarter> = {}): ShopQuarter[] {
  return quarters.map((q) => shop(`${year}-Q${q}`, total / BigInt(quarters.length), over));
}

function facts(year: number, over: Partial<EntityYearFacts>): EntityYearFacts {
  return {
    entityId: 'e1', taxYear: year, link: { band: 'none', taxpayerId: null, score: null }, registration: null,
    shopQuarters: [], quarters: [], withholdingRows: [], identityIssues: [], ...over,
  };
}

const registered = { link: { band: 'auto' as const, taxpayerId: '7', score: '0.990000' }, registration: { status: 'active', registeredOn: '2020-01-01', category: 'goods' as BusinessCategory, taxCode: '0100109106' } };
const judge = (f: EntityYearFacts, asOf = AS_OF) => evaluateEntityYear(f, taxYearRules(book, f.taxYear), asOf);
const codes = (f: EntityYearFacts, asOf = AS_OF) => judge(f, asOf).signals.map((s) => s.code);

describe('UNREGISTERED and the thresholds of 2024–2026', () => {
  it('taxes 2025 VAT by the 100M threshold in Q1–Q2 and by 200M in Q3–Q4, PIT all year above 100M', () => {
    const verdict = judge(facts(2025, { shopQuarters: spread(2025, 150n * M) }));
    expect(verdict.signals.map((s) => s.code)).toEqual(['UNREGISTERED']);
    const tax = verdict.signals[0].numbers.tax as Record<string, string>;
    expect(tax.vat).toBe('750000'); // 1 % of the 75M sold in Q1–Q2 (150M ≤ the 200M threshold of H2)
    expect(tax.pit).toBe('750000'); // 0.5 % of 150M
    expect(verdict.signals[0].estimatedTaxAtRisk).toBe(1_500_000n);
    expect(verdict.caseEstimate).toBe(1_500_000n);
  });

  it('taxes VAT all of 2025 above 200M', () => {
    expect(judge(facts(2025, { shopQuarters: spread(2025, 250n * M) })).signals[0].estimatedTaxAtRisk).toBe(2_500_000n + 1_250_000n);
  });

  it('stops at the threshold: 100M exactly is not above it, 100M + 1 is', () => {
    expect(codes(facts(2025, { shopQuarters: [shop('2025-Q1', 100n * M)] }))).toEqual([]);
    expect(codes(facts(2025, { shopQuarters: [shop('2025-Q1', 100n * M + 1n)] }))).toEqual(['UNREGISTERED']);
    expect(codes(facts(2024, { shopQuarters: [shop('2024-Q4', 100n * M + 1n)] }))).toEqual(['UNREGISTERED']);
  });

  it('uses 1 billion in 2026: 900M is nothing in 2026 but unregistered in 2025', () => {
    expect(codes(facts(2026, { shopQuarters: spread(2026, 900n * M, [1, 2, 3]) }))).toEqual([]);
    expect(codes(facts(2025, { shopQuarters: spread(2025, 900n * M) }))).toEqual(['UNREGISTERED']);
    expect(codes(facts(2026, { shopQuarters: [shop('2026-Q1', 1000n * M)] }))).toEqual([]);
    expect(codes(facts(2026, { shopQuarters: [shop('2026-Q1', 1000n * M + 1n)] }))).toEqual(['UNREGISTERED']);
  });

  it('deducts the 2026 threshold from PIT but not from VAT', () => {
    const invoicedOnly = [1, 2, 3].map((q) => declared(`2026-Q${q}`, 0n, { invoicedRevenue: 500n * M }));
    const verdict = judge(facts(2026, { ...registered, shopQuarters: spread(2026, 1500n * M, [1, 2, 3]), quarters: invoicedOnly }));
    expect(verdict.signals.map((s) => s.code)).toEqual(['NOT_FILED']);
    const tax = verdict.signals[0].numbers.tax as Record<string, string>;
    expect([tax.vat, tax.pitBase, tax.pit]).toEqual(['15000000', '500000000', '2500000']);
  });

  it('judges revenue net of refunds, including refunds netted against a later quarter', () => {
    const sold = shop('2025-Q1', 110n * M, { gross: 120n * M, refunds: 10n * M });
    const returned = shop('2025-Q2', -15n * M, { gross: 5n * M, refunds: 20n * M });
    expect(codes(facts(2025, { shopQuarters: [sold] }))).toEqual(['UNREGISTERED']);
    const verdict = judge(facts(2025, { shopQuarters: [sold, returned] }));
    expect(verdict.signals).toEqual([]); // 95M net: under the 100M threshold
    const above = judge(facts(2025, { shopQuarters: [shop('2025-Q1', 130n * M, { gross: 140n * M, refunds: 10n * M }), returned] })).signals[0];
    expect([above.numbers.platformGross, above.numbers.platformRefunds, above.numbers.platformRevenue]).toEqual([String(145n * M), String(30n * M), String(115n * M)]);
  });

  it('uses the highest rates for an unknown category and says so', () => {
    const verdict = judge(facts(2025, { shopQuarters: spread(2025, 250n * M, [1, 2, 3, 4], { category: null }) }));
    const tax = verdict.signals[0].numbers.tax as Record<string, unknown>;
    expect(tax.highestRates).toBe(true);
    expect(verdict.signals[0].estimatedTaxAtRisk).toBe(25_000_000n); // 5 % VAT + 5 % PIT
  });

  it('prefers the registry category to the one the platform reported', () => {
    const verdict = judge(facts(2026, { link: registered.link, registration: { ...registered.registration, category: 'services' }, shopQuarters: spread(2026, 1500n * M, [1, 2, 3], { category: null }) }));
    const tax = verdict.signals[0].numbers.tax as Record<string, unknown>;
    expect([tax.vat, tax.pit, tax.highestRates]).toEqual(['75000000', '10000000', false]);
  });

  it('records the rule values it used', () => {
    const [signal] = judge(facts(2025, { shopQuarters: spread(2025, 150n * M) })).signals;
    const ids = signal.ruleValueIds.map((id) => book.values.find((v) => v.id === id)!.key);
    expect(new Set(ids)).toEqual(new Set(['threshold.vat', 'threshold.pit', 'rate.vat', 'rate.pit', 'pit.deducts_threshold', 'filing.frequency_months']));
  });
});

describe('registered sellers: NOT_FILED, UNDER_DECLARED, INVOICE_GAP', () => {
  it('calls a registered seller with nothing declared or withheld NOT_FILED', () => {
    expect(codes(facts(2025, { ...registered, shopQuarters: spread(2025, 400n * M) }))).toEqual(['NOT_FILED']);
  });

  it('counts platform withholding as covering the revenue it was withheld on', () => {
    const withheld = spread(2025, 400n * M, [3, 4], { withheldRevenue: 200n * M, vatWithheld: 2n * M, pitWithheld: M });
    expect(codes(facts(2025, { ...registered, shopQuarters: [...spread(2025, 400n * M, [1, 2]), ...withheld], quarters: [declared('2025-Q1', 200n * M), declared('2025-Q2', 200n * M)] }))).toEqual([]);
  });

  it('puts the under-declaration tolerance boundary at exactly 90 % covered', () => {
    const shops = spread(2025, 1000n * M, [1, 2, 3, 4]);
    const at = (covered: bigint) => codes(facts(2025, { ...registered, shopQuarters: shops, quarters: [declared('2025-Q4', covered), declared('2025-Q1', 0n, { invoicedRevenue: 1000n * M })] }));
    expect(at(900n * M)).toEqual([]);
    expect(at(900n * M - 1n)).toEqual(['UNDER_DECLARED']);
  });

  it('estimates UNDER_DECLARED on the undeclared part only', () => {
    const verdict = judge(facts(2025, { ...registered, shopQuarters: spread(2025, 400n * M), quarters: [declared('2025-Q2', 100n * M)] }));
    expect(verdict.signals.map((s) => s.code)).toEqual(['UNDER_DECLARED']);
    expect(verdict.signals[0].numbers.undeclaredRevenue).toBe(String(300n * M));
    expect(verdict.signals[0].estimatedTaxAtRisk).toBe(3_000_000n + 1_500_000n);
  });

  it('accepts lump-sum records for 2025 and not for 2026', () => {
    const lump = (q: string, revenue: bigint) => declared(q, revenue, { lumpSumRevenue: revenue });
    expect(codes(facts(2025, { ...registered, shopQuarters: spread(2025, 400n * M), quarters: [1, 2, 3, 4].map((q) => lump(`2025-Q${q}`, 100n * M)) }))).toEqual([]);
    const verdict = judge(facts(2026, { ...registered, shopQuarters: spread(2026, 1500n * M, [1, 2, 3]), quarters: [1, 2, 3].map((q) => ({ ...lump(`2026-Q${q}`, 500n * M), invoicedRevenue: 500n * M })) }));
    expect(verdict.signals.map((s) => s.code)).toEqual(['NOT_FILED']);
    expect(verdict.signals[0].numbers.lumpSumIgnored).toHaveLength(3);
  });

  it('judges only quarters whose filing deadline has passed', () => {
    const shops = spread(2026, 1500n * M, [1, 2, 3]);
    const quarters = [declared('2026-Q1', 500n * M), declared('2026-Q2', 500n * M), declared('2026-Q3', 0n, { invoicedRevenue: 1500n * M })];
    expect(codes(facts(2026, { ...registered, shopQuarters: shops, quarters }), '2026-10-15')).toEqual([]);
    expect(codes(facts(2026, { ...registered, shopQuarters: shops, quarters }))).toEqual(['UNDER_DECLARED']);
  });

  it('raises INVOICE_GAP from 1 billion in 2025 when e-invoices cover under half, never in 2024', () => {
    const full = (year: number, invoiced: bigint) =>
      facts(year, { ...registered, shopQuarters: spread(year, 2000n * M), quarters: [1, 2, 3, 4].map((q) => declared(`${year}-Q${q}`, 500n * M, { invoicedRevenue: invoiced / 4n })) });
    const gap = judge(full(2025, 999n * M));
    expect(gap.signals.map((s) => s.code)).toEqual(['INVOICE_GAP']);
    expect(gap.signals[0].estimatedTaxAtRisk).toBe(0n); // declared in full: an obligation breach, no tax lost
    expect(codes(full(2025, 1000n * M))).toEqual([]);
    expect(codes(full(2024, 0n))).toEqual([]);
  });
});

describe('links in review, splits, withholding, identity', () => {
  it('does not call a seller whose best candidate is in review UNREGISTERED: the case waits on review and says so', () => {
    const verdict = judge(facts(2025, { link: { band: 'review', taxpayerId: '9', score: '0.700000' }, shopQuarters: spread(2025, 400n * M) }));
    expect(verdict.signals.map((s) => s.code)).toEqual(['IDENTITY_QUALITY']);
    expect(verdict.waitingOn).toBe('link_review');
    expect(verdict.proposeCase).toBe(true);
    expect((verdict.signals[0].numbers.reasons as Array<{ reason: string }>)[0].reason).toBe('LINK_IN_REVIEW');
  });

  it('raises SPLIT_ACROSS_PLATFORMS when each platform is at or below the threshold and the sum above it', () => {
    const shops = [...spread(2025, 80n * M, [1, 2]), ...spread(2025, 80n * M, [3, 4], { platformId: 'p2', sellerId: '2' })];
    expect(codes(facts(2025, { shopQuarters: shops }))).toEqual(['UNREGISTERED', 'SPLIT_ACROSS_PLATFORMS']);
    const oneBig = [...spread(2025, 120n * M, [1, 2]), ...spread(2025, 20n * M, [3, 4], { platformId: 'p2', sellerId: '2' })];
    expect(codes(facts(2025, { shopQuarters: oneBig }))).toEqual(['UNREGISTERED']);
  });

  it('checks withholding against the category the platform reported, from 07/2025 only, within 1 VND', () => {
    const row = (over: Partial<WithholdingRow>): WithholdingRow => ({
      observationId: 'w1', sellerId: '1', platformId: 'p1', period: '2025-08', periodStart: '2025-08-01', net: 10n * M,
      vatWithheld: 100_000n, pitWithheld: 50_000n, taxWithheld: 150_000n, split: true, category: 'goods', resident: true, ...over,
    });
    const base = { shopQuarters: [shop('2025-Q3', 10n * M)] };
    expect(codes(facts(2025, { ...base, withholdingRows: [row({})] }))).toEqual([]);
    expect(codes(facts(2025, { ...base, withholdingRows: [row({ vatWithheld: 100_001n })] }))).toEqual([]);
    expect(codes(facts(2025, { ...base, withholdingRows: [row({ vatWithheld: 100_002n })] }))).toEqual(['WITHHOLDING_ERROR']);
    expect(codes(facts(2025, { ...base, withholdingRows: [row({ period: '2025-06', periodStart: '2025-06-01', vatWithheld: 1n })] }))).toEqual([]);
    const services = judge(facts(2025, { ...base, withholdingRows: [row({ category: 'services' })] }));
    expect(services.signals[0].code).toBe('WITHHOLDING_ERROR');
    expect(services.signals[0].estimatedTaxAtRisk).toBe(400_000n + 150_000n); // 5 % + 2 % expected, 1 % + 0.5 % withheld
    expect(codes(facts(2025, { ...base, withholdingRows: [row({ category: null })] }))).toEqual(['WITHHOLDING_ERROR']);
    // Reported as one VAT + PIT figure (DPI): judged on the total, within 2 VND.
    const total = (taxWithheld: bigint) => codes(facts(2025, { ...base, withholdingRows: [row({ split: false, vatWithheld: 0n, pitWithheld: 0n, taxWithheld })] }));
    expect(total(150_002n)).toEqual([]);
    expect(total(150_003n)).toEqual(['WITHHOLDING_ERROR']);
  });

  it('reports identity problems as IDENTITY_QUALITY without an estimate and without a case', () => {
    const verdict = judge(facts(2025, { shopQuarters: [shop('2025-Q1', 10n * M)], identityIssues: [{ reason: 'TAX_CODE_INVALID', sellerId: '1' }] }));
    expect(verdict.signals.map((s) => [s.code, s.estimatedTaxAtRisk])).toEqual([['IDENTITY_QUALITY', 0n]]);
    expect(verdict.proposeCase).toBe(false);
  });

  it('adds the withholding shortfall to the largest revenue estimate, never sums revenue estimates', () => {
    const s = (code: never, estimatedTaxAtRisk: bigint) => ({ code, estimatedTaxAtRisk }) as never;
    expect(caseEstimate([s('UNREGISTERED' as never, 10n), s('SPLIT_ACROSS_PLATFORMS' as never, 10n), s('WITHHOLDING_ERROR' as never, 3n)])).toBe(13n);
  });

  it('expresses link confidence in the status the case relies on', () => {
    expect(linkConfidence('confirmed', '0.5')).toBe('1.000000');
    expect(linkConfidence('auto', '0.953000')).toBe('0.953000');
    expect(linkConfidence('none', '0.250000')).toBe('0.750000');
    expect(linkConfidence('none', null)).toBe('1.000000');
  });
});
