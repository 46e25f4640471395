import { computeTaxCodeCheckDigit, normalizeTaxCode, taxCodeError, validateTaxCode } from './tax-code';

describe('tax code', () => {
  const KNOWN_GOOD = ['0100109106', '0309478306', '0106324653', '0101243150', '0313028740'];

  it.each(KNOWN_GOOD)('accepts the known-good code %s and recomputes its check digit', (code) => {
    expect(computeTaxCodeCheckDigit(code.slice(0, 9))).toBe(Number(code[9]));
    expect(validateTaxCode(code)).toEqual({ ok: true, value: { kind: 'enterprise', value: code, base: code } });
  });

  it('rejects the "(11 − r) mod 11" variant found online', () => {
    // 0100109106: Σ = 114, r = 4 → 10 − 4 = 6 (right); (11 − 4) mod 11 = 7 (wrong).
    expect(taxCodeError('0100109107')).toBe('TAX_CODE_CHECK_DIGIT');
  });

  it('has no valid check digit when the weighted sum is a multiple of 11', () => {
    // 1·31 + 8·3 = 55 = 5·11.
    expect(computeTaxCodeCheckDigit('100000008')).toBeNull();
    for (let digit = 0; digit <= 9; digit++) expect(taxCodeError(`100000008${digit}`)).toBe('TAX_CODE_CHECK_DIGIT');
  });

  it('refuses a prefix that is not 9 digits', () => {
    expect(() => computeTaxCodeCheckDigit('12345678')).toThrow(RangeError);
    expect(() => computeTaxCodeCheckDigit('12345678a')).toThrow(RangeError);
  });

  it('rejects a serial number (digits 3–9) of all zeros even with a matching check digit', () => {
    // 01 + 0000000 → Σ = 29, r = 7, check digit 3.
    expect(computeTaxCodeCheckDigit('010000000')).toBe(3);
    expect(taxCodeError('0100000003')).toBe('TAX_CODE_FORMAT');
  });

  it('normalises spaces, dots and dashes to the canonical form', () => {
    expect(normalizeTaxCode(' 0100.109.106 ')).toBe('0100109106');
    expect(normalizeTaxCode('0100109106 - 001')).toBe('0100109106-001');
    expect(normalizeTaxCode('0100109106001')).toBe('0100109106-001');
    expect(normalizeTaxCode('0100\u00a0109\u2013106')).toBe('0100109106');
    expect(normalizeTaxCode('001 089 012 345')).toBe('001089012345');
  });

  it.each(['', '   ', '010010910', '01001091061', '01001091060011', 'O100109106', '0100109106/001', '+0100109106'])(
    'calls %j a format error',
    (input) => {
      expect(normalizeTaxCode(input)).toBeNull();
      expect(taxCodeError(input)).toBe('TAX_CODE_FORMAT');
    },
  );

  it('reads 13 digits as a dependent unit, suffix 888 as an individual e-commerce registration', () => {
    expect(validateTaxCode('0100109106-001')).toEqual({
      ok: true,
      value: { kind: 'dependent_unit', value: '0100109106-001', base: '0100109106', suffix: '001' },
    });
    expect(validateTaxCode('0100109106888')).toMatchObject({ ok: true, value: { kind: 'individual_ecommerce', suffix: '888' } });
    expect(validateTaxCode('0100109106-999')).toMatchObject({ ok: true, value: { kind: 'dependent_unit' } });
  });

  it('rejects suffix 000, and checks the head before the suffix', () => {
    expect(taxCodeError('0100109106-000')).toBe('TAX_CODE_BRANCH_SUFFIX');
    expect(taxCodeError('0100109107-000')).toBe('TAX_CODE_CHECK_DIGIT');
  });

  it('reads 12 digits as a personal ID (the tax code of individuals since 07/2025)', () => {
    expect(validateTaxCode('001089012345')).toEqual({
      ok: true,
      value: { kind: 'personal_id', value: '001089012345', base: '001089012345' },
    });
    expect(taxCodeError('003089012345')).toBe('NATIONAL_ID_PROVINCE');
    // Born in 2030 cannot be right in 2025; without a reference date only the shape is checked.
    expect(taxCodeError('079230012345', '2025-07-01')).toBe('NATIONAL_ID_BIRTH_YEAR');
    expect(taxCodeError('079230012345')).toBeNull();
  });
});
