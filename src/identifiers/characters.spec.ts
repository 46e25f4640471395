import { COMBINING_MARKS, ID_SEPARATORS, regexCharClass, SPACE_CHARS, stripIdSeparators, stripPhoneSeparators, trimSpaces } from './characters';

describe('character sets', () => {
  it('strips separators anywhere and trims spaces at the ends only', () => {
    expect(stripIdSeparators(' 01.00-10\u00a091\u201306 ')).toBe('0100109106');
    expect(stripIdSeparators('(0)')).toBe('(0)');
    expect(stripPhoneSeparators('(+84) 912-345.678')).toBe('+84912345678');
    expect(trimSpaces('\ufeff\u00a0 a b \t\n')).toBe('a b');
    expect(trimSpaces('')).toBe('');
  });

  it('writes classes that a RegExp reads back as the same set', () => {
    const re = new RegExp(`^${regexCharClass(SPACE_CHARS)}+$`);
    expect(re.test(SPACE_CHARS)).toBe(true);
    expect(re.test('x')).toBe(false);
    expect(new RegExp(regexCharClass(ID_SEPARATORS)).test('.')).toBe(true);
    expect(COMBINING_MARKS).toHaveLength(112);
    expect(COMBINING_MARKS.codePointAt(111)).toBe(0x36f);
  });

  it('counts every JavaScript whitespace character as a space', () => {
    const jsSpaces = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).filter((c) => /\s/.test(c));
    for (const c of jsSpaces) expect(SPACE_CHARS).toContain(c);
  });
});
