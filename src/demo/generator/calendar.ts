/**
 * Reporting periods and dates of the demo world. The world is frozen at `asOf` (default 23/11/2026):
 * platform data runs from 2025-01 to 2026-09 (2026-Q3), nothing is dated after `asOf`.
 */

export const DEFAULT_AS_OF = '2026-11-23';
/** Decree 117/2025: platforms with a payment function withhold and report monthly from this month. */
export const WITHHOLDING_START = { year: 2025, month: 7 } as const;
export const FIRST_MONTH = { year: 2025, month: 1 } as const;
export const LAST_MONTH = { year: 2026, month: 9 } as const;

export interface Period {
  /** `2025-Q1` or `2025-07`. */
  code: string;
  year: number;
  kind: 'month' | 'quarter';
  /** 1–4 */
  quarter: number;
  /** Months covered, 1–12. */
  months: number[];
  /** Platforms with a payment function withhold in this period. */
  withholding: boolean;
}

function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return {
    code: `${year}-Q${quarter}`,
    year,
    kind: 'quarter',
    quarter,
    months: [first, first + 1, first + 2],
    withholding: monthIndex(year, first) >= monthIndex(WITHHOLDING_START.year, WITHHOLDING_START.month),
  };
}

function monthPeriod(year: number, month: number): Period {
  return {
    code: `${year}-${String(month).padStart(2, '0')}`,
    year,
    kind: 'month',
    quarter: Math.floor((month - 1) / 3) + 1,
    months: [month],
    withholding: monthIndex(year, month) >= monthIndex(WITHHOLDING_START.year, WITHHOLDING_START.month),
  };
}

/** Quarters of a year that lie inside the world's data range. */
export function quartersOf(year: number): Period[] {
  const out: Period[] = [];
  for (let q = 1; q <= 4; q++) {
    const p = quarterPeriod(year, q);
    if (monthIndex(year, p.months[2]) <= monthIndex(LAST_MONTH.year, LAST_MONTH.month)) out.push(p);
  }
  return out;
}

export function monthsOf(year: number): Period[] {
  const out: Period[] = [];
  for (let m = 1; m <= 12; m++) if (monthIndex(year, m) <= monthIndex(LAST_MONTH.year, LAST_MONTH.month)) out.push(monthPeriod(year, m));
  return out;
}

/**
 * The periods a platform reports for a tax year: quarterly before 07/2025; monthly after it when the
 * platform has a payment function (and withholds), quarterly otherwise.
 */
export function platformPeriods(year: number, monthlyWhenWithholding: boolean): Period[] {
  const out: Period[] = [];
  for (const q of quartersOf(year)) {
    if (monthlyWhenWithholding && q.withholding) for (const m of q.months) out.push(monthPeriod(year, m));
    else out.push(q);
  }
  return out;
}

export function period(code: string): Period {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (q) return quarterPeriod(Number(q[1]), Number(q[2]));
  const m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) return monthPeriod(Number(m[1]), Number(m[2]));
  throw new Error(`not a period: ${code}`);
}

/** Days since 1970-01-01 (UTC) ↔ ISO dates. */
export function epochDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

/** Days from 1970-01-01 to the given date (proleptic Gregorian; Howard Hinnant's days_from_civil). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isoCache = new Map<number, string>();
export function isoDate(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (isoCache.size < 50_000) isoCache.set(day, s);
  }
  return s;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/** Filing deadline: quarterly returns by the last day of the next quarter's first month, monthly by the 20th. */
export function dueDate(p: Period): number {
  const lastMonth = p.months[p.months.length - 1];
  const nextYear = lastMonth === 12 ? p.year + 1 : p.year;
  const nextMonth = lastMonth === 12 ? 1 : lastMonth + 1;
  return p.kind === 'quarter' ? epochDayOf(nextYear, nextMonth, daysInMonth(nextYear, nextMonth)) : epochDayOf(nextYear, nextMonth, 20);
}
