import { createHash } from 'node:crypto';
import { AUDIT_CANONICAL_FIELDS, AUDIT_GENESIS_HASH, auditRowHash, canonicalAuditSql, canonicalAuditText } from './audit-canonical';
import { safeParams } from './audit-write.interceptor';

const blank = (): Array<string | null> => AUDIT_CANONICAL_FIELDS.map(() => null);

describe('audit row canonical form', () => {
  it('length-prefixes every field so that no two rows serialise alike', () => {
    const a = blank();
    const b = blank();
    a[2] = 'write.completed';
    a[5] = 'ab';
    b[2] = 'write.completed';
    b[4] = 'ab'; // the same text one field earlier
    expect(canonicalAuditText(a)).not.toBe(canonicalAuditText(b));
    const c = blank();
    c[5] = '-'; // a value that looks like the NULL marker
    expect(canonicalAuditText(c)).not.toBe(canonicalAuditText(blank()));
  });

  it('counts bytes, not characters, for Vietnamese text', () => {
    const values = blank();
    values[5] = 'Nguyễn';
    expect(canonicalAuditText(values)).toContain('8:Nguyễn');
  });

  it('hashes the canonical text followed by the previous hash', () => {
    const values = blank();
    values[0] = '1';
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from(canonicalAuditText(values), 'utf8'), AUDIT_GENESIS_HASH])).digest();
    expect(auditRowHash(values, AUDIT_GENESIS_HASH).equals(expected)).toBe(true);
    expect(auditRowHash(values, Buffer.alloc(32, 1)).equals(expected)).toBe(false);
  });

  it('refuses a row with the wrong number of fields', () => {
    expect(() => canonicalAuditText(['1'])).toThrow(/canonical fields/);
  });

  it('renders the same fields in SQL, in the same order', () => {
    const sql = canonicalAuditSql('NEW');
    let at = 0;
    for (const field of AUDIT_CANONICAL_FIELDS) {
      const next = sql.indexOf(`NEW.${field.column}`, at);
      expect({ field: field.column, found: next >= at }).toEqual({ field: field.column, found: true });
      at = next;
    }
  });
});

describe('route params in the audit log', () => {
  it('keeps ids and tax codes but masks what looks like a national ID or a phone number', () => {
    expect(safeParams({ id: '0b0f3c1e-0000-4000-8000-000000000000', taxCode: '0312345678' })).toEqual({
      id: '0b0f3c1e-0000-4000-8000-000000000000',
      taxCode: '0312345678',
    });
    expect(safeParams({ nationalId: '079203001234', cmnd: '123456789', phone: '+84912345678' })).toEqual({
      nationalId: '079*******34',
      cmnd: '123****89',
      phone: '+84*******78',
    });
  });
});
