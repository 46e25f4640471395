/**
 * The answers: who is who, which shop belongs to whom, and which signals a correct matcher and
 * reconciler raise. Facts are computed from exactly the numbers written to the data files.
 */
import { Declaration } from './declarations';
import { Invoice, invoicedIn } from './invoices';
import { Seller } from './people';
import { expectedWithholding, RevenueRow } from './revenue';
import { PersonYearFacts, Signal, TAX_YEARS, WITHHOLDING_TOLERANCE_VND } from './rules';
import { csvLine } from './sinks';

export const TRUTH_COLUMNS = {
  persons: ['person_id', 'kind', 'name', 'tax_code', 'previous_tax_codes', 'branch_tax_codes', 'national_id', 'old_id_card', 'date_of_birth', 'birth_province_code', 'residence_province_code', 'registry_status', 'behaviour', 'namesake_group'],
  sellers: ['platform', 'seller_ref', 'person_id', 'true_tax_code'],
  flags: ['person_id', 'tax_year', 'signal'],
  personYears: ['person_id', 'tax_year', 'registered', 'platform_revenue', 'revenue_by_platform', 'declared_revenue', 'withheld_revenue', 'invoiced', 'withholding_errors', 'signals'],
  withholdingErrors: ['platform', 'seller_ref', 'period', 'person_id', 'category', 'net_revenue', 'vat_withheld', 'pit_withheld', 'expected_vat', 'expected_pit'],
  badRows: ['file', 'row_number', 'field', 'expected_error'],
  dpiRecords: ['platform', 'file', 'doc_ref_id', 'doc_type', 'corr_doc_ref_id', 'tax_year', 'seller_ref', 'person_id', 'superseded'],
} as const;

export function isWithholdingError(row: RevenueRow, isPerson: boolean): boolean {
  const e = expectedWithholding(row, isPerson);
  return Math.abs(row.vat - e.vat) > WITHHOLDING_TOLERANCE_VND || Math.abs(row.pit - e.pit) > WITHHOLDING_TOLERANCE_VND;
}

export function personYearFacts(seller: Seller, rows: readonly RevenueRow[], declarations: readonly Declaration[], invoices: readonly Invoice[], year: number): PersonYearFacts {
  const revenueByPlatform = new Map<string, number>();
  let withheldRevenue = 0;
  let withholdingErrors = 0;
  const isPerson = seller.kind === 'person';
  for (const r of rows) {
    if (r.period.year !== year) continue;
    const code = r.account.platform.code;
    revenueByPlatform.set(code, (revenueByPlatform.get(code) ?? 0) + r.net);
    if (r.vat + r.pit > 0) withheldRevenue += r.net;
    if (isWithholdingError(r, isPerson)) withholdingErrors++;
  }
  let declared = 0;
  for (const d of declarations) if (Number(d.period.slice(0, 4)) === year) declared += d.declared;
  return { year, registered: seller.reg !== null, revenueByPlatform, declared, withheldRevenue, invoiced: invoicedIn(invoices, year), withholdingErrors };
}

export function allFacts(seller: Seller, rows: readonly RevenueRow[], declarations: readonly Declaration[], invoices: readonly Invoice[]): PersonYearFacts[] {
  return TAX_YEARS.map((y) => personYearFacts(seller, rows, declarations, invoices, y));
}

export function personLine(s: Seller): string {
  const reg = s.reg;
  return csvLine([
    s.id,
    s.kind,
    s.name,
    reg?.taxCode ?? '',
    reg?.previousTaxCodes.join(';') ?? '',
    reg?.branches.map((b) => b.code).join(';') ?? '',
    s.personalId,
    s.oldIdCard,
    s.birthDate,
    s.birthProvince,
    s.residence,
    reg?.status ?? '',
    s.behaviour,
    s.namesakeGroup,
  ]);
}

export function personYearLine(s: Seller, f: PersonYearFacts, signals: Signal[]): string {
  let total = 0;
  const parts: string[] = [];
  for (const [p, v] of f.revenueByPlatform) {
    total += v;
    parts.push(`${p}:${v}`);
  }
  return csvLine([s.id, f.year, f.registered ? 'true' : 'false', total, parts.join(';'), f.declared, f.withheldRevenue, f.invoiced, f.withholdingErrors, signals.join(';')]);
}
