import { trimSpaces } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';

/**
 * Calendar dates as Vietnam sees them. Vietnam is UTC+7 all year (no daylight saving), so "today" is
 * plain arithmetic, not a time-zone database lookup. Dates travel as 'YYYY-MM-DD' strings: they compare
 * correctly as strings and never shift with the server's zone.
 */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

/** The calendar date in Vietnam at `now` (default: the current instant). */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ISO = /^([1-9][0-9]{3})-([0-9]{2})-([0-9]{2})$/;
// Vietnamese order; one- or two-digit day and month are both common ("5/3/2025").
const VIETNAMESE = /^([0-9]{1,2})\/([0-9]{1,2})\/([1-9][0-9]{3})$/;

/**
 * 'YYYY-MM-DD' or 'DD/MM/YYYY' (day first, as written in Vietnam) → 'YYYY-MM-DD'. Strict: a real
 * calendar date (no 31/04, 29/02 only in leap years), a four-digit year from 1000, no time part.
 */
export function parseVietnamDate(input: string): Checked<string, typeof E.DATE_FORMAT> {
  const text = trimSpaces(input);
  const iso = ISO.exec(text);
  const vn = iso ? null : VIETNAMESE.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]].map(Number) : vn ? [vn[3], vn[2], vn[1]].map(Number) : [0, 0, 0];
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail(E.DATE_FORMAT);
  return ok(formatDate(year, month, day));
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
