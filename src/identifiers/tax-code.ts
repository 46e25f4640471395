import { stripIdSeparators } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { NationalIdErrorCode, parseNationalId } from './national-id';
import { Checked, fail, ok } from './result';

/**
 * Vietnamese tax codes (MST). Since 1 July 2025 an individual's 12-digit personal ID *is* their tax
 * code (Circular 86/2024), so a 12-digit value in a tax-code column is read as a personal ID rather
 * than rejected: the same taxpayer may appear under an old 10-digit MST and a new 12-digit one.
 */
export type TaxCodeKind =
  | 'enterprise' //          10 digits: the taxpayer itself
  | 'dependent_unit' //      13 digits: a branch or dependent unit of the 10-digit head
  | 'individual_ecommerce' // 13 digits ending -888: an individual's e-commerce registration
  | 'personal_id'; //        12 digits: a CCCD used as tax code

export interface TaxCode {
  kind: TaxCodeKind;
  /** Canonical form: NNNNNNNNNN, NNNNNNNNNN-NNN, or the 12 CCCD digits. */
  value: string;
  /** The 10-digit head for MSTs, the 12 digits for a personal ID. */
  base: string;
  suffix?: string;
}

export type TaxCodeErrorCode =
  | typeof E.TAX_CODE_FORMAT
  | typeof E.TAX_CODE_CHECK_DIGIT
  | typeof E.TAX_CODE_BRANCH_SUFFIX
  | NationalIdErrorCode;

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** Suffix of the 13-digit code an individual registers for e-commerce on the household-business portal. */
export const INDIVIDUAL_ECOMMERCE_SUFFIX = '888';

/**
 * The 10th digit for a 9-digit prefix: 10 − (Σ dᵢ·wᵢ mod 11). Null when that is 10: such a prefix is
 * never issued. (The "(11 − r) mod 11" variant found online is wrong for known-good codes.)
 */
export function computeTaxCodeCheckDigit(prefix: string): number | null {
  if (!/^[0-9]{9}$/.test(prefix)) throw new RangeError('a tax-code prefix is 9 digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(prefix[i]) * WEIGHTS[i];
  const digit = 10 - (sum % 11);
  return digit === 10 ? null : digit;
}

/**
 * Strips spaces, dots and dashes; returns the canonical form for 10, 13 (with the dash put back) or 12
 * digits (a personal ID), else null. Shape only: check digits are `validateTaxCode`'s job.
 */
export function normalizeTaxCode(input: string): string | null {
  const digits = stripIdSeparators(input);
  if (/^([0-9]{10}|[0-9]{12})$/.test(digits)) return digits;
  if (/^[0-9]{13}$/.test(digits)) return `${digits.slice(0, 10)}-${digits.slice(10)}`;
  return null;
}

/**
 * Full check. Order matters for the reported code and is mirrored in SQL: shape, then (12 digits) the
 * personal-ID checks, then digits 3–9 not all zero, then the check digit, then the branch suffix.
 * `refDate` (YYYY-MM-DD) only matters for 12-digit values (see `parseNationalId`).
 */
export function validateTaxCode(input: string, refDate?: string): Checked<TaxCode, TaxCodeErrorCode> {
  const value = normalizeTaxCode(input);
  if (value === null) return fail(E.TAX_CODE_FORMAT);
  if (value.length === 12) {
    const id = parseNationalId(value, refDate);
    return id.ok ? ok({ kind: 'personal_id', value, base: value }) : id;
  }
  const base = value.slice(0, 10);
  // Digits 3–9 are the taxpayer's serial number; all zeros is never issued.
  if (base.slice(2, 9) === '0000000') return fail(E.TAX_CODE_FORMAT);
  if (computeTaxCodeCheckDigit(base.slice(0, 9)) !== Number(base[9])) return fail(E.TAX_CODE_CHECK_DIGIT);
  if (value.length === 10) return ok({ kind: 'enterprise', value, base });
  const suffix = value.slice(11);
  if (suffix === '000') return fail(E.TAX_CODE_BRANCH_SUFFIX);
  const kind = suffix === INDIVIDUAL_ECOMMERCE_SUFFIX ? 'individual_ecommerce' : 'dependent_unit';
  return ok({ kind, value, base, suffix });
}

/** The error code of `validateTaxCode`, or null when valid. */
export function taxCodeError(input: string, refDate?: string): TaxCodeErrorCode | null {
  const result = validateTaxCode(input, refDate);
  return result.ok ? null : result.code;
}
