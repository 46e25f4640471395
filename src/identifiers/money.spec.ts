import { amountError, applyBasisPoints, applyRate, divideRoundHalfUp, MAX_AMOUNT, parseAmount, parseRate } from './money';

describe('money', () => {
  it('reads plain digits as whole VND, exactly', () => {
    expect(parseAmount('1500000')).toEqual({ ok: true, value: 1500000n });
    expect(parseAmount(' 0 ')).toEqual({ ok: true, value: 0n });
    expect(parseAmount('000150')).toEqual({ ok: true, value: 150n });
    expect(parseAmount('9007199254740993')).toEqual({ ok: true, value: 9007199254740993n }); // beyond float precision
    expect(parseAmount('9223372036854775807')).toEqual({ ok: true, value: MAX_AMOUNT });
  });

  it.each([
    ['1.5', 'AMOUNT_FRACTION'], ['1,5', 'AMOUNT_FRACTION'], ['1500000.00', 'AMOUNT_FRACTION'], ['.5', 'AMOUNT_FRACTION'],
    ['15.', 'AMOUNT_FRACTION'], ['1.50', 'AMOUNT_FRACTION'], ['1500.000', 'AMOUNT_FRACTION'],
    ['1,500,000', 'AMOUNT_FORMAT'], ['1.500.000', 'AMOUNT_FORMAT'], ['1 500 000', 'AMOUNT_FORMAT'], ['1.500', 'AMOUNT_FORMAT'],
    ['1,500,000.50', 'AMOUNT_FORMAT'], ['1e6', 'AMOUNT_FORMAT'], ['1.5E+06', 'AMOUNT_FORMAT'], ['', 'AMOUNT_FORMAT'],
    ['abc', 'AMOUNT_FORMAT'], ['+100', 'AMOUNT_FORMAT'], ['100đ', 'AMOUNT_FORMAT'], ['100 VND', 'AMOUNT_FORMAT'],
    ['(100)', 'AMOUNT_FORMAT'], ['-', 'AMOUNT_FORMAT'], ['--5', 'AMOUNT_FORMAT'],
    ['-5', 'AMOUNT_NEGATIVE'], ['-0', 'AMOUNT_NEGATIVE'], ['-1.500.000', 'AMOUNT_NEGATIVE'], ['-1.5', 'AMOUNT_NEGATIVE'],
    ['9223372036854775808', 'AMOUNT_OUT_OF_RANGE'], ['00009223372036854775808', 'AMOUNT_OUT_OF_RANGE'],
    ['99999999999999999999', 'AMOUNT_OUT_OF_RANGE'],
  ])('rejects %j with %s', (input, code) => {
    expect(amountError(input)).toBe(code);
  });

  it('rounds half away from zero with bigint arithmetic', () => {
    expect(divideRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divideRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divideRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divideRoundHalfUp(-15n, 10n)).toBe(-2n);
    expect(divideRoundHalfUp(-14n, 10n)).toBe(-1n);
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('applies a rate in basis points', () => {
    expect(applyBasisPoints(1_000_000n, 100)).toBe(10_000n); // 1 %
    expect(applyBasisPoints(1_000_001n, 50)).toBe(5_000n); // 0.5 % of 1,000,001 = 5,000.005
    expect(applyBasisPoints(999n, 50)).toBe(5n); // 4.995 → 5
    expect(applyBasisPoints(900n, 50)).toBe(5n); // 4.5 → 5 (half up)
    expect(applyBasisPoints(899n, 50)).toBe(4n); // 4.495 → 4
    expect(applyBasisPoints(9_000_000_000_000_000n, 150n)).toBe(135_000_000_000_000n);
    expect(() => applyBasisPoints(100n, -1)).toThrow(RangeError);
    expect(() => applyBasisPoints(100n, 1.5)).toThrow(RangeError);
  });

  it('applies an exact decimal rate, as a fraction or a percentage', () => {
    expect(parseRate('0.015')).toEqual({ numerator: 15n, denominator: 1000n });
    expect(parseRate('1.5%')).toEqual({ numerator: 15n, denominator: 1000n });
    expect(applyRate(333n, '0.015')).toBe(5n); // 4.995
    expect(applyRate(300n, '1.5%')).toBe(5n); // 4.5
    expect(applyRate(123_456_789n, '0.07')).toBe(8_641_975n); // 8,641,975.23
    expect(applyRate(100n, '0')).toBe(0n);
    expect(applyRate(100n, '1')).toBe(100n);
    for (const bad of ['', '-0.1', '1,5', '.5', '1e-2', 'abc']) expect(() => parseRate(bad)).toThrow(RangeError);
  });
});
