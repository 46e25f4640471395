/**
 * Exact decimal arithmetic for e-invoice amounts, on BigInt: "1.90" is 190 hundredths, never the float 1.9.
 * VND amounts are whole numbers; foreign-currency invoices (DVTTe ≠ VND) are converted with their exchange
 * rate (TGia) and rounded half away from zero to whole VND.
 */
export interface Decimal {
  /** The value × 10^scale. */
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)([0-9]+)(?:\.([0-9]*))?$/;

/** Null for anything that is not a plain decimal (no exponent, no grouping). */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function addDecimals(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((sum, v) => sum + rescale(v, scale), 0n), scale };
}

export function negate(value: Decimal): Decimal {
  return { units: -value.units, scale: value.scale };
}

/** value × rate rounded half away from zero to a whole number. */
export function multiplyToWhole(value: Decimal, rate: Decimal): bigint {
  const product = value.units * rate.units;
  const divisor = 10n ** BigInt(value.scale + rate.scale);
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
  return product < 0n ? -rounded : rounded;
}

/** The whole number a decimal equals exactly ("1500000.00" → 1500000n), or null when it has a fraction. */
export function exactWhole(value: Decimal): bigint | null {
  const divisor = 10n ** BigInt(value.scale);
  return value.units % divisor === 0n ? value.units / divisor : null;
}

/**
 * The staged text of an amount in VND. Without a rate: the whole number it equals, or the text as written when
 * it is not a whole decimal (validation then reports AMOUNT_FRACTION / AMOUNT_FORMAT). With a rate: converted
 * and rounded to whole VND.
 */
export function toVndText(text: string | null, rate: Decimal | null): string | null {
  if (text === null) return null;
  const value = parseDecimal(text);
  if (!value) return text;
  if (rate) return multiplyToWhole(value, rate).toString();
  const whole = exactWhole(value);
  return whole === null ? text : whole.toString();
}

/**
 * Sum of decimal texts in VND (see toVndText), each optionally subtracted (discount lines). Null when there
 * is nothing to add; the first unreadable text as written when any is, so validation reports it.
 */
export function sumToVndText(terms: ReadonlyArray<{ text: string; subtract?: boolean }>, rate: Decimal | null): string | null {
  if (terms.length === 0) return null;
  const values: Decimal[] = [];
  for (const term of terms) {
    const value = parseDecimal(term.text);
    if (!value) return term.text;
    values.push(term.subtract ? negate(value) : value);
  }
  const sum = addDecimals(values);
  if (rate) return multiplyToWhole(sum, rate).toString();
  const whole = exactWhole(sum);
  return whole === null ? `${sum.units < 0n ? '-' : ''}${formatUnits(sum)}` : whole.toString();
}

function formatUnits(value: Decimal): string {
  const digits = (value.units < 0n ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  return value.scale === 0 ? digits : `${digits.slice(0, -value.scale)}.${digits.slice(-value.scale)}`;
}
