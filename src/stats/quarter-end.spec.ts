import { quarterEnd } from './quarter-end';

describe('quarter ends', () => {
  it('finds the last day of a quarter and of later quarters, across years and leap years', () => {
    expect(quarterEnd('2025-Q1')).toBe('2025-03-31');
    expect(quarterEnd('2025-Q1', 1)).toBe('2025-06-30');
    expect(quarterEnd('2025-Q3', 2)).toBe('2026-03-31');
    expect(quarterEnd('2027-Q4', 1)).toBe('2028-03-31');
    expect(quarterEnd('2025-Q4', 4)).toBe('2026-12-31');
  });
});
