import { addDays, daysInMonth, parseVietnamDate, todayInVietnam } from './vietnam-date';

describe('Vietnam dates', () => {
  it('finds today in Vietnam (UTC+7, no daylight saving)', () => {
    expect(todayInVietnam(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(todayInVietnam(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(todayInVietnam(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
    expect(todayInVietnam(new Date('2025-03-30T01:30:00Z'))).toBe('2025-03-30');
    expect(todayInVietnam()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    ['2025-07-01', '2025-07-01'], ['2024-02-29', '2024-02-29'], ['2000-02-29', '2000-02-29'], [' 2025-12-31 ', '2025-12-31'],
    ['01/07/2025', '2025-07-01'], ['1/7/2025', '2025-07-01'], ['29/02/2024', '2024-02-29'], ['31/12/1999', '1999-12-31'],
  ])('reads %j', (input, date) => {
    expect(parseVietnamDate(input)).toEqual({ ok: true, value: date });
  });

  it.each([
    '', '2025-7-1', '2025-13-01', '2025-00-10', '2025-04-31', '2023-02-29', '1900-02-29', '31/04/2025', '07/31/2025',
    '2025/07/01', '01-07-2025', '01/07/25', '2025-07-01T00:00:00', '0999-01-01', '001/07/2025', '20250701',
  ])('rejects %j', (input) => {
    expect(parseVietnamDate(input)).toEqual({ ok: false, code: 'DATE_FORMAT' });
  });

  it('knows month lengths and adds days across months and years', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2025, 2), daysInMonth(2025, 4), daysInMonth(2025, 12)]).toEqual([29, 28, 30, 31]);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});
