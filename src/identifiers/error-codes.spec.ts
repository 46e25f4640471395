import * as identifiers from './index';
import { IDENTIFIER_ERROR_CODES } from './error-codes';

describe('error codes', () => {
  it('are strings equal to their names', () => {
    for (const [name, code] of Object.entries(IDENTIFIER_ERROR_CODES)) expect(code).toBe(name);
    expect(Object.keys(IDENTIFIER_ERROR_CODES)).toHaveLength(17);
  });

  it('cover every code the validators return, and the barrel exports them', () => {
    const codes = new Set<string>(Object.values(IDENTIFIER_ERROR_CODES));
    const returned = [
      identifiers.taxCodeError('x'), identifiers.taxCodeError('0100109107'), identifiers.taxCodeError('0100109106-000'),
      identifiers.nationalIdError('x'), identifiers.nationalIdError('003089012345'), identifiers.nationalIdError('079900000001'),
      identifiers.amountError('x'), identifiers.amountError('1.5'), identifiers.amountError('-1'), identifiers.amountError('9'.repeat(20)),
      identifiers.periodError('x', '2025-01-01'), identifiers.periodError('2030-01', '2025-01-01'),
      ...[identifiers.parsePhone('x'), identifiers.parseEmail('x'), identifiers.resolveProvince('x'), identifiers.parseVietnamDate('x'), identifiers.parseCategory('x')]
        .map((r) => (r.ok ? null : r.code)),
    ];
    expect(new Set(returned)).toEqual(codes);
    expect(identifiers.IDENTIFIER_ERROR_CODES).toBe(IDENTIFIER_ERROR_CODES);
  });
});
