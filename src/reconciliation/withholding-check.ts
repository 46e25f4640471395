import { applyBasisPoints } from '../identifiers/money';
import { RuleBook } from '../rules/rule-book';
import { withholdingRates } from '../rules/tax-year-rules';
import { WithholdingRow } from './entity-year-facts';
import { compareIds, max } from './tax-at-risk';

/**
 * WITHHOLDING_ERROR (a finding against the platform): on a row where the platform withheld anything, the VAT and the
 * PIT withheld must each equal round(net × rate) within the tolerance, where net = gross − refunds of the row and the
 * rate is the Decree 117 rate of the category the platform itself reported for the seller (unknown → the highest
 * rates; non-residents → the non-resident PIT rate), in force on the first day of the row's period. Rows before the
 * withholding rules exist, and rows with nothing withheld, are not judged (a platform without a payment function,
 * or a company seller, withholds nothing lawfully). A row reported without a VAT/PIT split (OECD DPI TaxQn) is judged
 * on the total: |withheld − (round(net × VAT rate) + round(net × PIT rate))| ≤ 2 × the tolerance.
 */
export interface WithholdingFinding {
  observationId: string;
  sellerId: string;
  platformId: string;
  period: string;
  net: string;
  /** False: the platform reported VAT + PIT as one figure, judged as a total. */
  split: boolean;
  vatWithheld: string | null;
  vatExpected: string;
  pitWithheld: string | null;
  pitExpected: string;
  taxWithheld: string;
  taxExpected: string;
  category: string;
  highestRates: boolean;
}

export interface WithholdingResult {
  findings: WithholdingFinding[];
  /** Σ over erroneous rows of max(0, expected − withheld), VAT and PIT: tax the platform failed to withhold. */
  shortfall: bigint;
  /** Σ over erroneous rows of max(0, withheld − expected): over-withheld from the seller. */
  excess: bigint;
  ruleValueIds: string[];
}

export function checkWithholding(book: RuleBook, rows: readonly WithholdingRow[]): WithholdingResult {
  const findings: WithholdingFinding[] = [];
  const ids = new Set<string>();
  let shortfall = 0n;
  let excess = 0n;
  for (const row of rows) {
    if (row.taxWithheld <= 0n && row.vatWithheld + row.pitWithheld <= 0n) continue;
    const rates = withholdingRates(book, row.periodStart, row.category, row.resident);
    if (!rates) continue;
    const base = max(0n, row.net);
    const vatExpected = applyBasisPoints(base, rates.vat.value);
    const pitExpected = applyBasisPoints(base, rates.pit.value);
    const tolerance = rates.tolerance.value;
    const off = row.split
      ? abs(row.vatWithheld - vatExpected) > tolerance || abs(row.pitWithheld - pitExpected) > tolerance
      : abs(row.taxWithheld - vatExpected - pitExpected) > 2n * tolerance;
    if (!off) continue;
    for (const hit of [rates.vat, rates.pit, rates.tolerance]) hit.ids.forEach((id) => ids.add(id));
    const withheld = row.split ? row.vatWithheld + row.pitWithheld : row.taxWithheld;
    const expected = vatExpected + pitExpected;
    if (row.split) {
      shortfall += max(0n, vatExpected - row.vatWithheld) + max(0n, pitExpected - row.pitWithheld);
      excess += max(0n, row.vatWithheld - vatExpected) + max(0n, row.pitWithheld - pitExpected);
    } else {
      shortfall += max(0n, expected - withheld);
      excess += max(0n, withheld - expected);
    }
    findings.push({
      observationId: row.observationId,
      sellerId: row.sellerId,
      platformId: row.platformId,
      period: row.period,
      net: String(row.net),
      split: row.split,
      vatWithheld: row.split ? String(row.vatWithheld) : null,
      vatExpected: String(vatExpected),
      pitWithheld: row.split ? String(row.pitWithheld) : null,
      pitExpected: String(pitExpected),
      taxWithheld: String(withheld),
      taxExpected: String(expected),
      category: row.category ?? 'unknown',
      highestRates: rates.vat.highest || rates.pit.highest,
    });
  }
  findings.sort((a, b) => compareIds(a.observationId, b.observationId));
  return { findings, shortfall, excess, ruleValueIds: [...ids].sort(compareIds) };
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
