import { addDecimals, exactWhole, multiplyToWhole, parseDecimal, sumToVndText, toVndText } from './exact-decimal';

describe('exact decimal amounts', () => {
  it('parses decimals exactly and refuses anything else', () => {
    expect(parseDecimal('1.90')).toEqual({ units: 190n, scale: 2 });
    expect(parseDecimal('-0.5')).toEqual({ units: -5n, scale: 1 });
    expect(parseDecimal('12345678901234567890')).toEqual({ units: 12345678901234567890n, scale: 0 });
    for (const bad of ['1e5', '1,5', '1.500.000', '', '.', 'abc', '0x10']) expect(parseDecimal(bad)).toBeNull();
  });

  it('adds without rounding and knows when a sum is whole', () => {
    const sum = addDecimals([parseDecimal('0.1')!, parseDecimal('0.2')!, parseDecimal('0.70')!]);
    expect(exactWhole(sum)).toBe(1n);
    expect(exactWhole(parseDecimal('1.5')!)).toBeNull();
  });

  it('converts with an exchange rate, rounding half away from zero', () => {
    expect(multiplyToWhole(parseDecimal('0.5')!, parseDecimal('1')!)).toBe(1n);
    expect(multiplyToWhole(parseDecimal('-0.5')!, parseDecimal('1')!)).toBe(-1n);
    expect(multiplyToWhole(parseDecimal('0.49')!, parseDecimal('1')!)).toBe(0n);
    expect(toVndText('100.01', parseDecimal('25450.5'))).toBe('2545305');
  });

  it('stages whole VND as digits and leaves fractions as written for validation to report', () => {
    expect(toVndText('1500000.00', null)).toBe('1500000');
    expect(toVndText('1.90', null)).toBe('1.90');
    expect(toVndText('1 500 000', null)).toBe('1 500 000');
    expect(sumToVndText([{ text: '0.5' }, { text: '0.5' }, { text: '100', subtract: true }], null)).toBe('-99');
    expect(sumToVndText([{ text: '0.25' }], null)).toBe('0.25');
    expect(sumToVndText([], null)).toBeNull();
  });
});
