import { familyNameKey, familyNameWeight } from './family-names';
import { isFamilyName, parsePersonName, personNameKey } from './person-name';

describe('person names', () => {
  it('reads the Vietnamese order', () => {
    expect(parsePersonName('Nguyễn Văn Hùng')).toEqual({
      family: 'Nguyễn', middle: ['Văn'], given: 'Hùng', order: 'family_first',
      display: 'Nguyễn Văn Hùng', folded: 'nguyen van hung', key: 'nguyen van hung',
    });
    expect(parsePersonName('Trần Thị Thu Hà')).toMatchObject({ family: 'Trần', middle: ['Thị', 'Thu'], given: 'Hà' });
  });

  it.each([
    ['HUNG NGUYEN VAN', 'given_family_middle', 'nguyen van hung'],
    ['Hùng Nguyễn Văn', 'given_family_middle', 'nguyen van hung'],
    ['Hung Van Nguyen', 'given_middle_family', 'nguyen van hung'],
    ['Hùng Nguyễn', 'given_middle_family', 'nguyen hung'],
  ])('detects the given name first in %j', (input, order, key) => {
    expect(parsePersonName(input)).toMatchObject({ order, key });
  });

  it('does not let a family name that is also a common given name flip the order', () => {
    expect(parsePersonName('Mai Văn Nam')).toMatchObject({ family: 'Mai', given: 'Nam', order: 'family_first' });
    expect(parsePersonName('Hà Thị Mai')).toMatchObject({ family: 'Hà', given: 'Mai', order: 'family_first' });
    expect(parsePersonName('Lê Hà')).toMatchObject({ family: 'Lê', given: 'Hà' });
    expect(parsePersonName('Nguyễn Lê')).toMatchObject({ family: 'Nguyễn', given: 'Lê' });
    expect(parsePersonName('Mai Nguyễn Thị')).toMatchObject({ family: 'Nguyễn', middle: ['Thị'], given: 'Mai' });
  });

  it('falls back to the Vietnamese order when nothing is known', () => {
    expect(parsePersonName('Xyz Abc Def')).toMatchObject({ family: 'Xyz', given: 'Def', order: 'family_first' });
  });

  it('capitalises each word for display and drops titles', () => {
    expect(parsePersonName('  nguyễn   THỊ   bích ')!.display).toBe('Nguyễn Thị Bích');
    expect(parsePersonName('Mr. Nguyen Van Hung')!.key).toBe('nguyen van hung');
    expect(parsePersonName('Ông Nguyễn Văn Hùng')!.display).toBe('Nguyễn Văn Hùng');
    expect(parsePersonName('Bà Trần Thị Lan')!.family).toBe('Trần');
    // "Ông" is also a family name: kept when no other family name follows.
    expect(parsePersonName('Ông Văn Tùng')!.family).toBe('Ông');
  });

  it('merges regional spellings of a family name in the key (Hoàng/Huỳnh, Vũ/Võ)', () => {
    expect(personNameKey('Huỳnh Tấn Phát')).toBe(personNameKey('Hoàng Tấn Phát'));
    expect(personNameKey('Võ Nguyên Giáp')).toBe(personNameKey('VU NGUYEN GIAP'));
    expect(parsePersonName('Huỳnh Tấn Phát')!.folded).toBe('huynh tan phat');
    expect(familyNameKey('Huỳnh')).toBe('hoang');
    expect(familyNameKey('Võ')).toBe('vu');
    expect(familyNameKey('Lê')).toBe('le');
  });

  it('handles one word, no letters and digits', () => {
    expect(parsePersonName('Hùng')).toMatchObject({ family: null, given: 'Hùng', key: 'hung' });
    expect(parsePersonName('  ...  ')).toBeNull();
    expect(parsePersonName('123')).toBeNull();
    expect(personNameKey('')).toBe('');
    expect(parsePersonName('Nguyễn Văn Hùng 2')!.key).toBe('nguyen van hung');
  });

  it('knows the common family names, with or without accents', () => {
    for (const name of ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Vũ', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lý']) {
      expect(isFamilyName(name)).toBe(true);
    }
    expect(isFamilyName('NGUYEN')).toBe(true);
    expect(isFamilyName('Hùng')).toBe(false);
    expect(familyNameWeight('Nguyễn')).toBeGreaterThan(familyNameWeight('Mai'));
  });
});
