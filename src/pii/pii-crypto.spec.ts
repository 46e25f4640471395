import { blindIndex, decryptPii, encryptPii, maskIdentifier } from './pii-crypto';

describe('personal identifiers at rest', () => {
  const key = Buffer.alloc(32, 7);
  const indexKey = Buffer.alloc(32, 9);

  it('round-trips and never stores the clear value', () => {
    const stored = encryptPii('079203001234', key);
    expect(stored.toString('latin1')).not.toContain('079203001234');
    expect(decryptPii(stored, key)).toBe('079203001234');
  });

  it('uses a fresh IV each time, so equal values do not look equal', () => {
    expect(encryptPii('0912345678', key).equals(encryptPii('0912345678', key))).toBe(false);
  });

  it('gives equal blind indexes for equal values and different ones otherwise or under another key', () => {
    expect(blindIndex('+84912345678', indexKey).equals(blindIndex('+84912345678', indexKey))).toBe(true);
    expect(blindIndex('+84912345678', indexKey).equals(blindIndex('+84912345679', indexKey))).toBe(false);
    expect(blindIndex('+84912345678', indexKey).equals(blindIndex('+84912345678', key))).toBe(false);
    expect(blindIndex('x', indexKey)).toHaveLength(16);
  });

  it('masks all but the first three and last two characters', () => {
    expect(maskIdentifier('079203001234')).toBe('079*******34');
    expect(maskIdentifier('1234')).toBe('****');
  });
});
