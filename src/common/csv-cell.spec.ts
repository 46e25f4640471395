import { csvCell, csvLine } from './csv-cell';

describe('csv cells', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['plain, with comma', '"plain, with comma"'],
    ['Nguyễn Văn An', 'Nguyễn Văn An'],
  ])('writes %j as %j', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('writes nulls empty, arrays joined, dates in ISO, lines with CRLF', () => {
    expect(csvLine([null, ['A', 'B'], new Date('2025-01-02T03:04:05.000Z'), 7])).toBe(',A;B,2025-01-02T03:04:05.000Z,7\r\n');
  });
});
