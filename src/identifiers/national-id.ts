import provinces from './data/provinces.json';
import { stripIdSeparators } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';

/**
 * Personal identity numbers. The 12-digit CCCD reads `PPP G YY RRRRRR`: PPP is "0" + the birth
 * province's code in the 63-province list (the card scheme predates the 2025 merger and keeps the old
 * codes), G encodes century and sex, YY the birth year. There is no check digit, so a well-formed
 * number can still be someone else's: these checks only catch what cannot be true. The old 9-digit
 * CMND carries nothing we can check and is accepted as is.
 */
export type NationalIdKind = 'cccd' | 'cmnd';
export type Sex = 'male' | 'female';

export interface Cccd {
  kind: 'cccd';
  value: string;
  birthProvinceOldCode: string;
  birthProvinceNewCode: string;
  sex: Sex;
  birthYear: number;
}

export interface Cmnd {
  kind: 'cmnd';
  value: string;
}

export type NationalId = Cccd | Cmnd;

export type NationalIdErrorCode =
  | typeof E.NATIONAL_ID_FORMAT
  | typeof E.NATIONAL_ID_PROVINCE
  | typeof E.NATIONAL_ID_BIRTH_YEAR;

const NEW_CODE_OF_OLD = new Map(provinces.old.map((p) => [p.code, p.newCode]));

/** The CCCD province prefixes ("001", "079", …), one per old province. Used by the SQL twin too. */
export const CCCD_PROVINCE_PREFIXES: readonly string[] = provinces.old.map((p) => `0${p.code}`);

/** Digits only when the shape is a CCCD (12) or CMND (9); otherwise null. */
export function normalizeNationalId(input: string): string | null {
  const digits = stripIdSeparators(input);
  return /^([0-9]{9}|[0-9]{12})$/.test(digits) ? digits : null;
}

/** 'cccd' or 'cmnd' by shape alone (no content checks); null when neither. */
export function nationalIdKind(input: string): NationalIdKind | null {
  const digits = normalizeNationalId(input);
  if (digits === null) return null;
  return digits.length === 12 ? 'cccd' : 'cmnd';
}

/**
 * Parses and checks a personal ID. `refDate` (YYYY-MM-DD, usually today in Vietnam or the report date)
 * enables the "birth year not in the future" check; without it only the province and century are
 * checked. G digits 6–9 (born 2200 or later) are always rejected.
 */
export function parseNationalId(input: string, refDate?: string): Checked<NationalId, NationalIdErrorCode> {
  const value = normalizeNationalId(input);
  if (value === null) return fail(E.NATIONAL_ID_FORMAT);
  if (value.length === 9) return ok({ kind: 'cmnd', value });

  const oldCode = value.slice(1, 3);
  const newCode = value[0] === '0' ? NEW_CODE_OF_OLD.get(oldCode) : undefined;
  if (newCode === undefined) return fail(E.NATIONAL_ID_PROVINCE);

  const g = Number(value[3]);
  if (g >= 6) return fail(E.NATIONAL_ID_BIRTH_YEAR);
  const birthYear = 1900 + Math.floor(g / 2) * 100 + Number(value.slice(4, 6));
  if (refDate !== undefined && birthYear > Number(refDate.slice(0, 4))) return fail(E.NATIONAL_ID_BIRTH_YEAR);

  return ok({
    kind: 'cccd',
    value,
    birthProvinceOldCode: oldCode,
    birthProvinceNewCode: newCode,
    sex: g % 2 === 0 ? 'male' : 'female',
    birthYear,
  });
}

/** The error code of `parseNationalId`, or null when valid: the shape intake and SQL report. */
export function nationalIdError(input: string, refDate?: string): NationalIdErrorCode | null {
  const result = parseNationalId(input, refDate);
  return result.ok ? null : result.code;
}

/**
 * Does a CCCD fit a date of birth? The card encodes the full year (century digit + YY), so a registry
 * birth date that disagrees means a typo or another person. Null when the ID is not a valid CCCD or the
 * date is not YYYY-MM-DD / a year: nothing to compare.
 */
export function cccdFitsBirthDate(id: string, birthDate: string | number): boolean | null {
  const parsed = parseNationalId(id);
  if (!parsed.ok || parsed.value.kind !== 'cccd') return null;
  const year = typeof birthDate === 'number' ? birthDate : /^[0-9]{4}(-|$)/.test(birthDate) ? Number(birthDate.slice(0, 4)) : NaN;
  if (!Number.isInteger(year)) return null;
  return parsed.value.birthYear === year;
}
