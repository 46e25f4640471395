import { isFuturePeriod, parsePeriod, periodError, validatePeriod } from './period';

describe('periods', () => {
  it('parses a quarter', () => {
    expect(parsePeriod('2025-Q3')).toEqual({
      ok: true,
      value: { kind: 'quarter', year: 2025, quarter: 3, key: '2025-Q3', quarterKey: '2025-Q3', start: '2025-07-01', end: '2025-09-30' },
    });
    expect(parsePeriod(' 2024-q1 ')).toMatchObject({ ok: true, value: { key: '2024-Q1', start: '2024-01-01', end: '2024-03-31' } });
    expect(parsePeriod('2025-Q4')).toMatchObject({ ok: true, value: { end: '2025-12-31' } });
  });

  it('parses a month and gives its quarter', () => {
    expect(parsePeriod('2024-02')).toEqual({
      ok: true,
      value: { kind: 'month', year: 2024, quarter: 1, month: 2, key: '2024-02', start: '2024-02-01', end: '2024-02-29', quarterKey: '2024-Q1' },
    });
    const quarters = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => {
      const p = parsePeriod(`2025-${m}`);
      return p.ok ? p.value.quarterKey : null;
    });
    expect(quarters).toEqual(['2025-Q1', '2025-Q1', '2025-Q1', '2025-Q2', '2025-Q2', '2025-Q2', '2025-Q3', '2025-Q3', '2025-Q3', '2025-Q4', '2025-Q4', '2025-Q4']);
  });

  it.each(['', '2025', '2025-Q0', '2025-Q5', '2025-00', '2025-13', '2025-1', '2025Q1', 'Q1/2025', '07/2025', '0999-01', '2025–Q1', '2025-Q1x'])(
    'rejects %j',
    (input) => {
      expect(parsePeriod(input)).toEqual({ ok: false, code: 'PERIOD_FORMAT' });
    },
  );

  it('accepts the current, unfinished period and rejects one that has not started', () => {
    const today = '2025-08-15';
    expect(validatePeriod('2025-Q3', today).ok).toBe(true);
    expect(validatePeriod('2025-08', today).ok).toBe(true);
    expect(periodError('2025-09', today)).toBe('PERIOD_IN_FUTURE');
    expect(periodError('2025-Q4', today)).toBe('PERIOD_IN_FUTURE');
    expect(periodError('2025-Q4', '2025-10-01')).toBeNull();
    expect(periodError('2025-13', today)).toBe('PERIOD_FORMAT');
    expect(isFuturePeriod({ start: '2025-08-16' }, today)).toBe(true);
    expect(isFuturePeriod({ start: '2025-08-15' }, today)).toBe(false);
  });
});
