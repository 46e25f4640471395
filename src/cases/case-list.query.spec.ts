import { CaseListFilter, decodeCursor, encodeCursor, listSql } from './case-list.query';

describe('case list query', () => {
  const filter: CaseListFilter = { statuses: ['open'], provinceCode: '79', minEstimate: '1000' };

  it('round-trips an opaque cursor for the same sort and filter', () => {
    const cursor = encodeCursor('estimate', filter, { key: '123456', id: '0b7c1d2e-0000-4000-8000-000000000001' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('estimate', filter, cursor)).toEqual({ key: '123456', id: '0b7c1d2e-0000-4000-8000-000000000001' });
  });

  it('refuses a cursor of another filter or sort, a tampered key, or garbage', () => {
    const cursor = encodeCursor('estimate', filter, { key: '123456', id: '0b7c1d2e-0000-4000-8000-000000000001' });
    expect(() => decodeCursor('estimate', { ...filter, provinceCode: '01' }, cursor)).toThrow(expect.objectContaining({ code: 'CASE_CURSOR_INVALID' }));
    expect(() => decodeCursor('age', filter, cursor)).toThrow(expect.objectContaining({ code: 'CASE_CURSOR_INVALID' }));
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), k: "1'; DROP TABLE cases; --" })).toString('base64url');
    expect(() => decodeCursor('estimate', filter, tampered)).toThrow(expect.objectContaining({ code: 'CASE_CURSOR_INVALID' }));
    expect(() => decodeCursor('estimate', filter, '%%%')).toThrow(expect.objectContaining({ code: 'CASE_CURSOR_INVALID' }));
  });

  it('binds every value and walks one sort key with the case id as tie-breaker', () => {
    const { text, params } = listSql(filter, 'estimate', { key: '500', id: '0b7c1d2e-0000-4000-8000-000000000001' }, 50);
    expect(params).toEqual(['open', '79', '1000', '500', '0b7c1d2e-0000-4000-8000-000000000001']);
    expect(text).toContain('(estimate, case_id) < ($4::bigint, $5::uuid)');
    expect(text).toMatch(/ORDER BY q\.estimate DESC, q\.case_id DESC LIMIT 51$/);
    expect(listSql({}, 'age', null, 10).text).toMatch(/ORDER BY q\.opened_at ASC, q\.case_id ASC LIMIT 11$/);
  });

  it('uses equality for one status (so the status-led indexes serve it) and ANY for several', () => {
    expect(listSql({ statuses: ['open'] }, 'estimate', null, 5).text).toContain('status = $1');
    expect(listSql({ statuses: ['open', 'in_review'] }, 'estimate', null, 5).text).toContain('status = ANY ($1::text[])');
  });
});
