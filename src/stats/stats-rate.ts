/**
 * numerator ÷ denominator of two whole numbers (decimal strings, ≥ 0), exactly, as a decimal string with 4 places
 * rounded half up ('0.6667'); null when the denominator is 0. Counts (below 2^31) take a floating-point path that is
 * exact for them: (2·10⁴·n + d) / 2d is correctly rounded and at least 1/2d away from the next integer unless it is
 * one, so its floor is the exact half-up result. Anything larger (money) goes through BigInt.
 */
const FAST_LIMIT = 2 ** 31;

export function rate(numerator: string, denominator: string): string | null {
  const n = Number(numerator);
  const d = Number(denominator);
  if (d === 0) return null;
  if (n >= 0 && d > 0 && n < FAST_LIMIT && d < FAST_LIMIT) return fixed4(Math.floor((n * 20_000 + d) / (2 * d)));
  const bn = BigInt(numerator);
  const bd = BigInt(denominator);
  if (bn < 0n || bd < 0n) throw new RangeError('rates are of non-negative whole numbers');
  const scaled = (bn * 20_000n + bd) / (2n * bd);
  return `${scaled / 10_000n}.${String(scaled % 10_000n).padStart(4, '0')}`;
}

function fixed4(scaled: number): string {
  return `${Math.floor(scaled / 10_000)}.${String(scaled % 10_000).padStart(4, '0')}`;
}
