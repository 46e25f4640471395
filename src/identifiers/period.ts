import { trimSpaces } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';
import { daysInMonth, formatDate } from './vietnam-date';

/**
 * Reporting periods: quarters ('2025-Q3', Decree 91 seller reports) and months ('2025-07', Decree 117
 * withholding). Everything downstream groups by quarter, so a month also carries its `quarterKey`.
 * The SQL twins (ect_period_*) accept exactly the same spellings.
 */
export interface Period {
  kind: 'quarter' | 'month';
  year: number;
  quarter: 1 | 2 | 3 | 4;
  month?: number;
  /** Canonical spelling: 'YYYY-Qn' or 'YYYY-MM'. */
  key: string;
  /** First and last day, 'YYYY-MM-DD'. */
  start: string;
  end: string;
  quarterKey: string;
}

// Shared with SQL. Surrounding spaces are trimmed and "q" may be lower case; nothing else is tolerated.
export const PERIOD_QUARTER_PATTERN = '^[1-9][0-9]{3}-[Qq][1-4]$';
export const PERIOD_MONTH_PATTERN = '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$';
const QUARTER_RE = new RegExp(PERIOD_QUARTER_PATTERN);
const MONTH_RE = new RegExp(PERIOD_MONTH_PATTERN);

export function parsePeriod(input: string): Checked<Period, typeof E.PERIOD_FORMAT> {
  const text = trimSpaces(input);
  const year = Number(text.slice(0, 4));
  if (QUARTER_RE.test(text)) {
    const quarter = Number(text.slice(6)) as Period['quarter'];
    const first = (quarter - 1) * 3 + 1;
    const quarterKey = `${year}-Q${quarter}`;
    return ok({
      kind: 'quarter', year, quarter, key: quarterKey, quarterKey,
      start: formatDate(year, first, 1),
      end: formatDate(year, first + 2, daysInMonth(year, first + 2)),
    });
  }
  if (MONTH_RE.test(text)) {
    const month = Number(text.slice(5));
    const quarter = Math.ceil(month / 3) as Period['quarter'];
    return ok({
      kind: 'month', year, quarter, month, key: text,
      start: formatDate(year, month, 1),
      end: formatDate(year, month, daysInMonth(year, month)),
      quarterKey: `${year}-Q${quarter}`,
    });
  }
  return fail(E.PERIOD_FORMAT);
}

/**
 * A period is in the future when it starts after `today` ('YYYY-MM-DD', see `todayInVietnam`). The
 * current, unfinished period is not: platforms may report it early, and corrections follow.
 */
export function isFuturePeriod(period: Pick<Period, 'start'>, today: string): boolean {
  return period.start > today;
}

/** Parses and rejects future periods. */
export function validatePeriod(
  input: string,
  today: string,
): Checked<Period, typeof E.PERIOD_FORMAT | typeof E.PERIOD_IN_FUTURE> {
  const parsed = parsePeriod(input);
  if (!parsed.ok) return parsed;
  return isFuturePeriod(parsed.value, today) ? fail(E.PERIOD_IN_FUTURE) : parsed;
}

export function periodError(input: string, today: string): typeof E.PERIOD_FORMAT | typeof E.PERIOD_IN_FUTURE | null {
  const result = validatePeriod(input, today);
  return result.ok ? null : result.code;
}
