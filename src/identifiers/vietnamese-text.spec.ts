import { cleanText, collapseSpaces, foldText, sortedTokenKey, tokenize, words } from './vietnamese-text';

describe('Vietnamese text', () => {
  const nfd = (s: string) => s.normalize('NFD');

  it('folds accents, đ, case and spacing', () => {
    expect(foldText('  Nguyễn   Văn ĐỨC ')).toBe('nguyen van duc');
    expect(foldText('Đặng Thị Ánh Tuyết')).toBe('dang thi anh tuyet');
    expect(foldText('ỨNG DỤNG ĐỒNG HỒ')).toBe('ung dung dong ho');
  });

  it('gives the same result for NFC, NFD and both accent placements (Hòa / Hoà)', () => {
    const spellings = ['Hòa Bình', 'Hoà Bình', nfd('Hòa Bình'), nfd('Hoà Bình'), 'HOÀ BÌNH'];
    expect(new Set(spellings.map(foldText))).toEqual(new Set(['hoa binh']));
  });

  it('treats NBSP, tabs, line breaks and the U+2000 spaces as spaces', () => {
    expect(foldText('Lê\u00a0Lợi\t\n\u2009Quận\u3000 1\ufeff')).toBe('le loi quan 1');
    expect(collapseSpaces(' a \u200b b ')).toBe('a b');
  });

  it('keeps punctuation and non-Vietnamese letters it cannot fold', () => {
    expect(foldText('T.P. Hồ Chí Minh')).toBe('t.p. ho chi minh');
    expect(foldText('Crème Brûlée & Straße')).toBe('creme brulee & straße');
  });

  it('cleans to NFC for display', () => {
    expect(cleanText(nfd('  Nguyễn  Văn A '))).toBe('Nguyễn Văn A');
    expect(cleanText(nfd('Nguyễn'))).toHaveLength(6);
  });

  it('tokenises on anything that is not a letter or digit', () => {
    expect(tokenize('T.P.HCM - Quận 1, (Bến Nghé)')).toEqual(['t', 'p', 'hcm', 'quan', '1', 'ben', 'nghe']);
    expect(tokenize(nfd('Nguyễn-Văn'))).toEqual(['nguyen', 'van']);
    expect(tokenize(' ,.; ')).toEqual([]);
  });

  it('keeps original words beside their folded twins', () => {
    expect(words(nfd('Shop Mẹ Bắp!'))).toEqual([
      { text: 'Shop', folded: 'shop' },
      { text: 'Mẹ', folded: 'me' },
      { text: 'Bắp', folded: 'bap' },
    ]);
  });

  it('builds an order-insensitive key', () => {
    expect(sortedTokenKey('Văn Hùng Nguyễn')).toBe(sortedTokenKey('NGUYEN van hung'));
    expect(sortedTokenKey('Nguyễn Văn Hùng')).toBe('hung nguyen van');
  });
});
