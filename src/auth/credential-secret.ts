import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Credential format: `ect_<prefix>_<secret>`. Both parts are random base62; the prefix finds the row,
 * the secret is checked against an HMAC-SHA256 keyed with the configured pepper. Secrets carry
 * 190 bits of entropy, so a fast keyed hash is the right tool (a slow password hash would only add latency).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX_LENGTH = 12;
const SECRET_LENGTH = 32;
const FORMAT = /^ect_([0-9A-Za-z]{12})_([0-9A-Za-z]{32})$/;

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function newCredential(): { token: string; prefix: string } {
  const prefix = randomBase62(PREFIX_LENGTH);
  return { token: `ect_${prefix}_${randomBase62(SECRET_LENGTH)}`, prefix };
}

export function parseCredential(token: string): { prefix: string } | undefined {
  const match = FORMAT.exec(token);
  return match ? { prefix: match[1] } : undefined;
}

export function hashCredential(token: string, pepper: string): Buffer {
  return createHmac('sha256', pepper).update(token).digest();
}

export function credentialMatches(token: string, storedHash: Buffer, pepper: string): boolean {
  const candidate = hashCredential(token, pepper);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}
