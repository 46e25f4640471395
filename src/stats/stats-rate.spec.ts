import { rate } from './stats-rate';

describe('rates from whole numbers', () => {
  it('rounds half up at the fourth decimal, exactly', () => {
    expect(rate('2', '3')).toBe('0.6667');
    expect(rate('1', '3')).toBe('0.3333');
    expect(rate('1', '8')).toBe('0.1250');
    expect(rate('1', '20000')).toBe('0.0001'); // exactly 0.00005: up
    expect(rate('1', '20001')).toBe('0.0000');
    expect(rate('5', '5')).toBe('1.0000');
    expect(rate('0', '7')).toBe('0.0000');
    expect(rate('3', '2')).toBe('1.5000');
  });

  it('agrees with exact integer arithmetic on counts up to 2^31', () => {
    const exact = (n: bigint, d: bigint) => {
      const s = (n * 20_000n + d) / (2n * d);
      return `${s / 10_000n}.${String(s % 10_000n).padStart(4, '0')}`;
    };
    let seed = 12345;
    const next = (max: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % max;
    for (let i = 0; i < 20_000; i++) {
      const d = 1 + next(2 ** 31 - 2);
      const n = next(d + 1);
      expect(rate(String(n), String(d))).toBe(exact(BigInt(n), BigInt(d)));
    }
    expect(rate('1073741825', '2147483646')).toBe(exact(1073741825n, 2147483646n));
  });

  it('handles money far beyond a double, and ratios above one', () => {
    expect(rate('12345678901234567891', '10000000000000000000')).toBe('1.2346');
    expect(rate('8500001', '60250000')).toBe('0.1411');
  });

  it('gives no rate without a denominator', () => {
    expect(rate('0', '0')).toBeNull();
    expect(rate('5', '0')).toBeNull();
  });
});
