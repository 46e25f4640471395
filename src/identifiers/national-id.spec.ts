import provinces from './data/provinces.json';
import { cccdFitsBirthDate, nationalIdError, nationalIdKind, normalizeNationalId, parseNationalId } from './national-id';

describe('national ID', () => {
  const REF = '2025-07-01';

  it('parses a CCCD into birth province (old and new code), sex and birth year', () => {
    expect(parseNationalId('001089012345', REF)).toEqual({
      ok: true,
      value: { kind: 'cccd', value: '001089012345', birthProvinceOldCode: '01', birthProvinceNewCode: '01', sex: 'male', birthYear: 1989 },
    });
    // 074 = old Bình Dương, now part of Hồ Chí Minh (79); G = 3: a woman born in the 2000s.
    expect(parseNationalId('074305000001', REF)).toMatchObject({
      ok: true,
      value: { birthProvinceOldCode: '74', birthProvinceNewCode: '79', sex: 'female', birthYear: 2005 },
    });
  });

  it('decodes every century and sex digit', () => {
    const decoded = ['0', '1', '2', '3', '4', '5'].map((g) => {
      const r = parseNationalId(`001${g}00000001`);
      return r.ok && r.value.kind === 'cccd' ? [r.value.sex, r.value.birthYear] : r;
    });
    expect(decoded).toEqual([
      ['male', 1900], ['female', 1900], ['male', 2000], ['female', 2000], ['male', 2100], ['female', 2100],
    ]);
  });

  it('accepts every old province prefix and nothing else', () => {
    const valid = new Set(provinces.old.map((p) => `0${p.code}`));
    for (let prefix = 0; prefix < 1000; prefix++) {
      const p = String(prefix).padStart(3, '0');
      expect(nationalIdError(`${p}089012345`)).toBe(valid.has(p) ? null : 'NATIONAL_ID_PROVINCE');
    }
    expect(valid.size).toBe(63);
  });

  it('rejects a birth year after the reference date, and centuries past 2100 always', () => {
    expect(nationalIdError('079325000001', '2025-01-01')).toBeNull(); // born 2025: a baby, fine
    expect(nationalIdError('079326000001', '2025-12-31')).toBe('NATIONAL_ID_BIRTH_YEAR');
    expect(nationalIdError('079400000001', REF)).toBe('NATIONAL_ID_BIRTH_YEAR'); // 2100
    expect(nationalIdError('079400000001')).toBeNull(); // no reference date, no future check
    expect(nationalIdError('079600000001')).toBe('NATIONAL_ID_BIRTH_YEAR');
    expect(nationalIdError('079900000001')).toBe('NATIONAL_ID_BIRTH_YEAR');
  });

  it('checks the province before the birth year', () => {
    expect(nationalIdError('003900000001', REF)).toBe('NATIONAL_ID_PROVINCE');
  });

  it('accepts a 9-digit CMND as valid but weaker, with nothing to decode', () => {
    expect(parseNationalId('123 456 789', REF)).toEqual({ ok: true, value: { kind: 'cmnd', value: '123456789' } });
    expect(nationalIdKind('123.456.789')).toBe('cmnd');
    expect(nationalIdKind('001089012345')).toBe('cccd');
  });

  it('strips spaces and dots, and rejects other shapes', () => {
    expect(normalizeNationalId(' 001 089.012.345 ')).toBe('001089012345');
    for (const bad of ['', '12345678', '1234567890', '00108901234', '0010890123456', '00108901234a', 'CCCD001089012345']) {
      expect(normalizeNationalId(bad)).toBeNull();
      expect(nationalIdKind(bad)).toBeNull();
      expect(nationalIdError(bad, REF)).toBe('NATIONAL_ID_FORMAT');
    }
  });

  it('tells whether a CCCD fits a date of birth (year and century)', () => {
    expect(cccdFitsBirthDate('001089012345', '1989-05-17')).toBe(true);
    expect(cccdFitsBirthDate('001089012345', 1989)).toBe(true);
    expect(cccdFitsBirthDate('001089012345', '2089-05-17')).toBe(false); // right YY, wrong century
    expect(cccdFitsBirthDate('001089012345', '1990-01-01')).toBe(false);
    expect(cccdFitsBirthDate('123456789', '1989-01-01')).toBeNull(); // CMND: nothing encoded
    expect(cccdFitsBirthDate('003089012345', '1989-01-01')).toBeNull(); // invalid
    expect(cccdFitsBirthDate('001089012345', '17/05/1989')).toBeNull(); // not a YYYY-MM-DD date
  });
});
