import { BusinessCategory } from '../identifiers/category';
import { addDays, daysInMonth, formatDate } from '../identifiers/vietnam-date';
import { RuleBook, RuleHit } from './rule-book';
import { RuleKey } from './rule-catalog';

/**
 * How the rules of one version judge one tax year. The decisions (README "Rules over a tax year"):
 *
 * - Quarter rules (thresholds, rates, lump-sum validity, filing frequency) take the value in force on the
 *   quarter's first day. A tax year that spans a change (2025: VAT threshold 100M → 200M on 01/07/2025) is
 *   judged quarter by quarter: Q1–Q2 2025 by 100M, Q3–Q4 by 200M, each compared with the whole year's revenue.
 * - Whether the year carries any obligation is judged against the LOWEST threshold in force at any quarter start,
 *   VAT or PIT (2024: 100M; 2025: 100M, PIT stays at 100M all year; 2026: 1 billion).
 * - Year rules (tolerances, the e-invoice obligation, the PIT deduction of 2026, the reopen margin) take the value
 *   in force on the tax year's last day, because they judge the year as a whole.
 */
export interface QuarterRules {
  quarter: string;
  start: string;
  end: string;
  vatThreshold: RuleHit;
  pitThreshold: RuleHit;
  lumpSumAllowed: RuleHit;
  filingMonths: RuleHit;
  /** The last day a return for this quarter is on time (monthly filers: the quarter's last month). */
  dueDate: string;
}

export interface TaxYearRules {
  year: number;
  version: number;
  quarters: QuarterRules[];
  obligationThreshold: bigint;
  obligationThresholdIds: string[];
  pitDeductsThreshold: RuleHit;
  pitThresholdAtYearEnd: RuleHit;
  /** Null when no e-invoice obligation is in force at the year's end (2024). */
  invoiceMandatoryRevenue: RuleHit | null;
  underDeclaredTolerance: RuleHit;
  invoiceGapTolerance: RuleHit;
  reopenMargin: RuleHit;
  book: RuleBook;
}

export function quarterBounds(year: number, quarter: number): { key: string; start: string; end: string } {
  const first = (quarter - 1) * 3 + 1;
  return {
    key: `${year}-Q${quarter}`,
    start: formatDate(year, first, 1),
    end: formatDate(year, first + 2, daysInMonth(year, first + 2)),
  };
}

/** Quarterly returns: the last day of the month after the quarter. Monthly returns: the 20th after its last month. */
export function filingDueDate(quarterEnd: string, filingMonths: number): string {
  const nextMonthFirst = addDays(quarterEnd, 1);
  const [y, m] = nextMonthFirst.split('-').map(Number);
  return filingMonths === 1 ? formatDate(y, m, 20) : formatDate(y, m, daysInMonth(y, m));
}

export function taxYearRules(book: RuleBook, year: number): TaxYearRules {
  const quarters: QuarterRules[] = [1, 2, 3, 4].map((q) => {
    const { key, start, end } = quarterBounds(year, q);
    const filingMonths = book.lookup('filing.frequency_months', start);
    return {
      quarter: key,
      start,
      end,
      vatThreshold: book.lookup('threshold.vat', start),
      pitThreshold: book.lookup('threshold.pit', start),
      lumpSumAllowed: book.lookup('lump_sum.allowed', start),
      filingMonths,
      dueDate: filingDueDate(end, Number(filingMonths.value)),
    };
  });
  let lowest: RuleHit = quarters[0].vatThreshold;
  for (const q of quarters) for (const hit of [q.vatThreshold, q.pitThreshold]) if (hit.value < lowest.value) lowest = hit;
  const yearEnd = formatDate(year, 12, 31);
  return {
    year,
    version: book.version,
    quarters,
    obligationThreshold: lowest.value,
    obligationThresholdIds: lowest.ids,
    pitDeductsThreshold: book.lookup('pit.deducts_threshold', yearEnd),
    pitThresholdAtYearEnd: book.lookup('threshold.pit', yearEnd),
    invoiceMandatoryRevenue: book.find('invoice.mandatory_revenue', yearEnd),
    underDeclaredTolerance: book.lookup('tolerance.under_declared', yearEnd),
    invoiceGapTolerance: book.lookup('tolerance.invoice_gap', yearEnd),
    reopenMargin: book.lookup('case.reopen_margin', yearEnd),
    book,
  };
}

/** Revenue-method rates of a category in force on `date`; unknown category → the highest of each (flagged). */
export function categoryRates(book: RuleBook, date: string, category: BusinessCategory | null): { vat: RuleHit; pit: RuleHit } {
  return { vat: book.lookup('rate.vat', date, category), pit: book.lookup('rate.pit', date, category) };
}

/**
 * What a platform must withhold on a row whose period starts on `periodStart` (Decree 117), or null before the
 * withholding rules are in force. The category is the one the platform reported for the seller.
 */
export function withholdingRates(
  book: RuleBook,
  periodStart: string,
  category: BusinessCategory | null,
  resident: boolean,
): { vat: RuleHit; pit: RuleHit; tolerance: RuleHit } | null {
  const vat = book.find('withholding.vat', periodStart, category);
  const pitKey: RuleKey = resident ? 'withholding.pit' : 'withholding.pit_nonresident';
  const pit = book.find(pitKey, periodStart, category);
  if (!vat || !pit) return null;
  return { vat, pit, tolerance: book.lookup('tolerance.withholding', periodStart) };
}

/**
 * The latest filing deadline before `asOf` over the last four tax years ('' when none): when it moves, quarters
 * become due and every entity is judged again (it is part of each entity's input fingerprint).
 */
export function latestPassedDeadline(book: RuleBook, asOf: string): string {
  const year = Number(asOf.slice(0, 4));
  let latest = '';
  for (let y = year - 3; y <= year; y++) {
    let rules: TaxYearRules;
    try {
      rules = taxYearRules(book, y);
    } catch {
      continue; // no rules for that year: nothing in it is judged
    }
    for (const q of rules.quarters) if (q.dueDate < asOf && q.dueDate > latest) latest = q.dueDate;
  }
  return latest;
}
