import { jaro, jaroWinkler, osaDistance, osaSimilarity, tokenSetSimilarity } from './string-similarity';

describe('string similarity', () => {
  it('reproduces the textbook Jaro and Jaro–Winkler values', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
  });

  it('compares folded text unless told not to', () => {
    expect(jaroWinkler('Nguyễn Văn Hùng', 'NGUYEN VAN HUNG')).toBe(1);
    expect(jaroWinkler('Nguyễn', 'Nguyen', { fold: false })).toBeLessThan(1);
    expect(osaDistance('Đặng', 'dang')).toBe(0);
    expect(osaDistance('Đặng', 'dang', { fold: false })).toBe(2);
  });

  it('handles empty strings and nothing in common', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(osaSimilarity('', '')).toBe(1);
    expect(osaDistance('', 'abc')).toBe(3);
  });

  it('counts an adjacent transposition as one edit, but never edits a substring twice (OSA)', () => {
    expect(osaDistance('Nguyen', 'Nguyne')).toBe(1);
    expect(osaDistance('CA', 'ABC')).toBe(3);
    expect(osaDistance('kitten', 'sitting')).toBe(3);
    expect(osaSimilarity('Hung', 'Hunh')).toBe(0.75);
  });

  it('is symmetric', () => {
    const pairs = [['Trần Thị Lan', 'Tran Thi Lanh'], ['Mẹ Bắp', 'Me Bap Shop'], ['abcdef', 'badcfe']];
    for (const [a, b] of pairs) {
      expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 12);
      expect(osaDistance(a, b)).toBe(osaDistance(b, a));
    }
  });

  it('compares word sets whatever the order (Jaccard on folded words)', () => {
    expect(tokenSetSimilarity('Nguyễn Văn Hùng', 'Hùng Nguyen Van')).toBe(1);
    expect(tokenSetSimilarity('Nguyễn Văn Hùng', 'Nguyễn Hùng')).toBeCloseTo(2 / 3, 10);
    expect(tokenSetSimilarity('Nguyễn Văn Hùng', 'Trần Thị Lan')).toBe(0);
    expect(tokenSetSimilarity('', '')).toBe(1);
    expect(tokenSetSimilarity('a a b', 'a b')).toBe(1);
  });

  it('lets near-identical words count as shared when asked', () => {
    expect(tokenSetSimilarity('Nguyen Van Hung', 'Nguyn Van Hung')).toBe(0.5);
    expect(tokenSetSimilarity('Nguyen Van Hung', 'Nguyn Van Hung', { tokenThreshold: 0.9 })).toBe(1);
    // Each word pairs once: two "Nguyen"-like words do not both match one.
    expect(tokenSetSimilarity('Nguyen Nguyn', 'Nguyen', { tokenThreshold: 0.9 })).toBe(0.5);
  });
});
