import { normalizePhone, OLD_MOBILE_PREFIXES, parsePhone } from './phone';

describe('phone', () => {
  it.each([
    '0912 345 678', '0912.345.678', '0912-345-678', '84912345678', '+84 912 345 678', '(+84) 912-345-678',
    '0084912345678', '00 84 912 345 678', '912345678', '+84 0912 345 678', '\u00a00912\u00a0345\u00a0678 ',
  ])('reads %j as +84912345678', (input) => {
    expect(normalizePhone(input)).toBe('+84912345678');
  });

  it('accepts every current mobile prefix digit and landlines with their area code', () => {
    for (const d of ['3', '5', '7', '8', '9']) expect(parsePhone(`0${d}12345678`)).toMatchObject({ ok: true, value: { kind: 'mobile' } });
    expect(parsePhone('024 3825 1234')).toEqual({ ok: true, value: { e164: '+842438251234', kind: 'landline', converted: false } });
    expect(normalizePhone('+84 28 3829 5555')).toBe('+842838295555');
  });

  it('converts the pre-2018 11-digit mobiles with the official mapping', () => {
    expect(parsePhone('0162 345 6789')).toEqual({ ok: true, value: { e164: '+84323456789', kind: 'mobile', converted: true } });
    expect(normalizePhone('01203456789')).toBe('+84703456789');
    expect(normalizePhone('+84 186 345 6789')).toBe('+84563456789');
    expect(normalizePhone('01993456789')).toBe('+84593456789');
    expect(Object.keys(OLD_MOBILE_PREFIXES)).toHaveLength(21);
    for (const [from, to] of Object.entries(OLD_MOBILE_PREFIXES)) {
      expect(normalizePhone(`${from}1234567`)).toBe(`+84${to.slice(1)}1234567`);
    }
  });

  it.each([
    '', 'abc', '0412345678', '0112345678', '0612345678', '091234567', '09123456789', '01601234567', '01611234567',
    '01891234567', '+1 555 123 4567', '0044 20 7946 0958', '00912345678', '8491234567', '0912345678 / 0987654321',
    '0912 345 678 ext 2', '+84 +84 912345678', '02812345',
  ])('rejects %j', (input) => {
    expect(parsePhone(input)).toEqual({ ok: false, code: 'PHONE_FORMAT' });
  });
});
