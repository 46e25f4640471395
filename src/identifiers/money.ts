import { trimSpaces } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';

/**
 * Whole VND amounts. Only plain digits are accepted: "1.500.000" is 1.5 million in Vietnamese notation
 * and 1.5 in English, so any separator is refused rather than guessed, with a code that tells the
 * sender what to fix. Nothing here goes through a float.
 */
export type AmountErrorCode =
  | typeof E.AMOUNT_FORMAT
  | typeof E.AMOUNT_FRACTION
  | typeof E.AMOUNT_NEGATIVE
  | typeof E.AMOUNT_OUT_OF_RANGE;

/** The largest value a PostgreSQL bigint column holds. */
export const MAX_AMOUNT = 9223372036854775807n;

// Shared with SQL (ect_amount_error); checked in this order.
export const AMOUNT_PATTERNS = {
  digits: '^[0-9]+$',
  /** A sign in front of something number-like. */
  negative: '^-[0-9][0-9., ]*$',
  /** Thousands grouping ("1.500.000", "1,500,000", "1 500 000"): a format error, not a fraction. */
  grouped: '^[0-9]{1,3}([., ][0-9]{3})+$',
  /** One decimal mark ("1.5", "1500000,00", ".5"). */
  fraction: '^([0-9]+[.,][0-9]*|[.,][0-9]+)$',
} as const;
const RE = {
  digits: new RegExp(AMOUNT_PATTERNS.digits),
  negative: new RegExp(AMOUNT_PATTERNS.negative),
  grouped: new RegExp(AMOUNT_PATTERNS.grouped),
  fraction: new RegExp(AMOUNT_PATTERNS.fraction),
};

/** Surrounding spaces are trimmed; leading zeros are fine ("000150" = 150). */
export function parseAmount(input: string): Checked<bigint, AmountErrorCode> {
  const text = trimSpaces(input);
  if (RE.digits.test(text)) {
    const value = BigInt(text);
    return value > MAX_AMOUNT ? fail(E.AMOUNT_OUT_OF_RANGE) : ok(value);
  }
  if (RE.negative.test(text)) return fail(E.AMOUNT_NEGATIVE);
  if (RE.grouped.test(text)) return fail(E.AMOUNT_FORMAT);
  if (RE.fraction.test(text)) return fail(E.AMOUNT_FRACTION);
  return fail(E.AMOUNT_FORMAT);
}

export function amountError(input: string): AmountErrorCode | null {
  const result = parseAmount(input);
  return result.ok ? null : result.code;
}

/** numerator / denominator rounded half away from zero (half-up for the non-negative amounts we tax). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** amount × rate in basis points (1 % = 100 bp; 0.5 % = 50 bp), rounded to whole VND. */
export function applyBasisPoints(amount: bigint, basisPoints: bigint | number): bigint {
  const bp = BigInt(basisPoints);
  if (bp < 0n) throw new RangeError('a tax rate is not negative');
  return divideRoundHalfUp(amount * bp, 10_000n);
}

/** An exact decimal rate ("0.015", or "1.5%") as a fraction of bigints. */
export function parseRate(rate: string): { numerator: bigint; denominator: bigint } {
  const match = /^([0-9]+)(?:\.([0-9]+))?(%?)$/.exec(rate.trim());
  if (!match) throw new RangeError(`not a decimal rate: "${rate}"`);
  const [, whole, fraction = '', percent] = match;
  const denominator = 10n ** BigInt(fraction.length) * (percent ? 100n : 1n);
  return { numerator: BigInt(whole + fraction), denominator };
}

/** amount × rate (exact decimal string, e.g. "0.005" or "0.5%"), rounded half-up to whole VND. */
export function applyRate(amount: bigint, rate: string): bigint {
  const { numerator, denominator } = parseRate(rate);
  return divideRoundHalfUp(amount * numerator, denominator);
}
