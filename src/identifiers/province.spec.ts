import provinces from './data/provinces.json';
import { buildProvinceIndex, provinceAliasRows, provinceKey, provinceNames, resolveProvince } from './province';

describe('provinces', () => {
  const HCM = { oldCode: '79', newCode: '79' };

  it.each([
    ['TP HCM', HCM], ['Tp.Hồ Chí Minh', HCM], ['TP. Hồ Chí Minh', HCM], ['Thành phố Hồ Chí Minh', HCM],
    ['Ho Chi Minh City', HCM], ['HCM', HCM], ['HCMC', HCM], ['TPHCM', HCM], ['Sài Gòn', HCM], ['sai gon', HCM],
    ['Hà Nội', { oldCode: '01', newCode: '01' }], ['HN', { oldCode: '01', newCode: '01' }],
    ['Ha Noi', { oldCode: '01', newCode: '01' }], ['Hanoi, Vietnam', { oldCode: '01', newCode: '01' }],
    ['Thừa Thiên Huế', { oldCode: '46', newCode: '46' }], ['Huế', { oldCode: '46', newCode: '46' }],
    ['BRVT', { oldCode: '77', newCode: '79' }], ['Bà Rịa - Vũng Tàu', { oldCode: '77', newCode: '79' }],
    ['BR-VT', { oldCode: '77', newCode: '79' }], ['Bình Dương', { oldCode: '74', newCode: '79' }],
    ['Đắk Lắk', { oldCode: '66', newCode: '66' }], ['Dak Lak', { oldCode: '66', newCode: '66' }],
    ['Đăk Lăk', { oldCode: '66', newCode: '66' }], ['DakLak', { oldCode: '66', newCode: '66' }],
    ['Hòa Bình', { oldCode: '17', newCode: '25' }], ['Hoà Bình', { oldCode: '17', newCode: '25' }],
    ['HOÀ BÌNH'.normalize('NFD'), { oldCode: '17', newCode: '25' }],
    ['tinh Quang Nam', { oldCode: '49', newCode: '48' }], ['Tỉnh Quảng Nam', { oldCode: '49', newCode: '48' }],
    ['79', HCM], ['079', HCM], ['01', { oldCode: '01', newCode: '01' }],
    ['Lào Cai', { oldCode: '10', newCode: '15' }], ['Yên Bái', { oldCode: '15', newCode: '15' }],
    ['Kon Tum', { oldCode: '62', newCode: '51' }], ['Kontum', { oldCode: '62', newCode: '51' }],
  ])('resolves %j', (input, codes) => {
    expect(resolveProvince(input)).toEqual({ ok: true, value: codes });
  });

  it.each(['', '   ', 'xyz', 'Quận 1', '03', '003', '7', '0079', 'TP', 'Tỉnh', 'Paris'])('does not resolve %j', (input) => {
    expect(resolveProvince(input)).toEqual({ ok: false, code: 'PROVINCE_UNKNOWN' });
  });

  it('resolves every official old and new name to its own codes', () => {
    for (const p of provinces.old) expect(resolveProvince(p.name)).toEqual({ ok: true, value: { oldCode: p.code, newCode: p.newCode } });
    for (const p of provinces.new) expect(resolveProvince(p.name)).toMatchObject({ ok: true, value: { newCode: p.code } });
  });

  it('can read any code as an old code: each new code is one of its own old provinces', () => {
    for (const p of provinces.new) expect(provinces.old.find((o) => o.code === p.code)?.newCode).toBe(p.code);
  });

  it('builds keys from folded words without prefixes, suffixes or spaces', () => {
    expect(provinceKey('TP. Hồ Chí Minh')).toBe('hochiminh');
    expect(provinceKey('Thành phố Hà Nội')).toBe('hanoi');
    expect(provinceKey(' tỉnh  Bà Rịa – Vũng Tàu ')).toBe('bariavungtau');
    expect(provinceKey('Hue City')).toBe('hue');
  });

  it('returns only the new code for a new name that was never an old one', () => {
    const facts = { old: [{ code: '01', name: 'A', newCode: '01' }], new: [{ code: '01', name: 'A' }, { code: '02', name: 'Mới' }] };
    const index = buildProvinceIndex(facts, [{ alias: 'AA', oldCode: '01' }, { alias: 'Tân', newCode: '02' }]);
    expect(index.get('moi')).toEqual({ newCode: '02' });
    expect(index.get('tan')).toEqual({ newCode: '02' });
    expect(index.get('a')).toEqual({ oldCode: '01', newCode: '01' });
    expect(index.get('aa')).toEqual({ oldCode: '01', newCode: '01' });
  });

  it('refuses aliases that collide or point nowhere', () => {
    const facts = { old: [{ code: '01', name: 'A', newCode: '01' }, { code: '02', name: 'B', newCode: '01' }], new: [{ code: '01', name: 'A' }] };
    expect(() => buildProvinceIndex(facts, [{ alias: 'a', oldCode: '02' }])).toThrow(/claimed by two/);
    expect(() => buildProvinceIndex(facts, [{ alias: 'x', oldCode: '99' }])).toThrow(/points at no province/);
  });

  it('exports the index as rows for the SQL reference table', () => {
    const rows = provinceAliasRows();
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    expect(rows).toContainEqual(['hcm', '79', '79']);
    expect(rows).toContainEqual(['079', '79', '79']);
  });

  it('names the provinces behind the codes', () => {
    expect(provinceNames({ oldCode: '77', newCode: '79' })).toEqual({ oldName: 'Tỉnh Bà Rịa - Vũng Tàu', newName: 'Thành phố Hồ Chí Minh' });
    expect(provinceNames({ newCode: '15' })).toEqual({ newName: 'Lào Cai' });
  });
});
