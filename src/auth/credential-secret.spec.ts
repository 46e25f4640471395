import { credentialMatches, hashCredential, newCredential, parseCredential } from './credential-secret';

describe('credential secrets', () => {
  const pepper = 'p'.repeat(40);

  it('issues unique tokens whose prefix can be parsed back', () => {
    const a = newCredential();
    const b = newCredential();
    expect(a.token).not.toEqual(b.token);
    expect(parseCredential(a.token)).toEqual({ prefix: a.prefix });
  });

  it('accepts the issued token and rejects any other', () => {
    const { token } = newCredential();
    const stored = hashCredential(token, pepper);
    expect(credentialMatches(token, stored, pepper)).toBe(true);
    expect(credentialMatches(token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a'), stored, pepper)).toBe(false);
    expect(credentialMatches(token, stored, 'q'.repeat(40))).toBe(false);
  });

  it('refuses malformed tokens before touching the database', () => {
    expect(parseCredential('')).toBeUndefined();
    expect(parseCredential('Bearer x')).toBeUndefined();
    expect(parseCredential('ect_short_secret')).toBeUndefined();
  });
});
