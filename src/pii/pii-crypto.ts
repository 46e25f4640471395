import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * National IDs and phone numbers at rest: AES-256-CBC with a random IV per value (stored as iv ‖ ciphertext),
 * plus a keyed blind index (HMAC-SHA256, first 16 bytes) of the normalised value for equality joins and blocking.
 *
 * The same scheme is written in SQL (pgcrypto `encrypt_iv` / `hmac`, see `piiSql`) because bulk intake encrypts
 * millions of rows set-based; test/integration/pii-crypto.int-spec.ts proves the two agree. pgcrypto has no
 * AEAD mode, hence CBC: confidentiality at rest is the goal; integrity comes from the database's own controls.
 */
export const BLIND_INDEX_BYTES = 16;

export function encryptPii(plain: string, key: Buffer): Buffer {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
}

export function decryptPii(stored: Buffer, key: Buffer): string {
  const decipher = createDecipheriv('aes-256-cbc', key, stored.subarray(0, 16));
  return Buffer.concat([decipher.update(stored.subarray(16)), decipher.final()]).toString('utf8');
}

/** Keyed, deterministic: equal normalised values give equal indexes; without the key nothing can be guessed back. */
export function blindIndex(normalised: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(normalised, 'utf8').digest().subarray(0, BLIND_INDEX_BYTES);
}

/** What an officer sees before asking to reveal: the first three and last two digits. */
export function maskIdentifier(normalised: string): string {
  if (normalised.length <= 5) return '*'.repeat(normalised.length);
  return normalised.slice(0, 3) + '*'.repeat(normalised.length - 5) + normalised.slice(-2);
}

/**
 * SQL twins, for set-based statements. `keyParam` is the placeholder of the key bound as bytea (e.g. '$1');
 * the key travels as a bind parameter, never in SQL text, so statement logs cannot show it.
 */
export const piiSql = {
  encrypt: (valueSql: string, keyParam: string) =>
    `(SELECT iv || encrypt_iv(convert_to(${valueSql}, 'UTF8'), ${keyParam}, iv, 'aes-cbc/pad:pkcs') FROM (SELECT gen_random_bytes(16) AS iv) AS r)`,
  decrypt: (columnSql: string, keyParam: string) =>
    `convert_from(decrypt_iv(substring(${columnSql} FROM 17), ${keyParam}, substring(${columnSql} FROM 1 FOR 16), 'aes-cbc/pad:pkcs'), 'UTF8')`,
  blindIndex: (valueSql: string, keyParam: string) =>
    `substring(hmac(convert_to(${valueSql}, 'UTF8'), ${keyParam}, 'sha256') FROM 1 FOR ${BLIND_INDEX_BYTES})`,
  mask: (valueSql: string) =>
    `CASE WHEN length(${valueSql}) <= 5 THEN repeat('*', length(${valueSql})) ELSE left(${valueSql}, 3) || repeat('*', length(${valueSql}) - 5) || right(${valueSql}, 2) END`,
};
