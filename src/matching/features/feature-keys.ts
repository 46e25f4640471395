import { createHmac } from 'node:crypto';
import { normalizeTaxCode } from '../../identifiers';
import { RecordFeatures } from './record-features';

/**
 * Blocking keys and ID fragments of one record, computed on the feature workers (one pass per record, no database).
 * Keys are 64-bit hashes written as signed decimals (PostgreSQL bigint). Names, dates and addresses are kept in clear
 * in the feature tables anyway, so their keys use a plain hash; everything derived from an identifier is keyed:
 * blind indexes are already HMACs, and the digit fragments below are HMACs under their own key.
 */

/** Two 32-bit MurmurHash3 lanes (seeds differ) as one signed 64-bit decimal. */
export function hash64(text: string): string {
  const hi = murmur3(text, 0x9747b28c);
  const lo = murmur3(text, 0x5bd1e995);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

function murmur3(text: string, seed: number): number {
  let h = seed >>> 0;
  let k = 0;
  let i = 0;
  const n = text.length;
  for (; i + 1 < n; i += 2) {
    k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < n) {
    k = text.charCodeAt(i) & 0xffff;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function keyedHash64(key: Buffer, text: string): string {
  const digest = createHmac('sha256', key).update(text, 'utf8').digest();
  return digest.readBigInt64BE(0).toString();
}

/**
 * Five keyed hashes of an ID's digits split in thirds A|B|C: AB, AC, BC (each without one third) and the ID without
 * the two digits on either side of each boundary. One wrong digit, or two swapped neighbours, leave at least one
 * intact, so every near pair of IDs shares a fragment.
 */
export function idFragments(key: Buffer, digits: string): string[] {
  const n = digits.length;
  const t = Math.floor(n / 3);
  const parts: Array<[string, string]> = [
    ['AB', digits.slice(0, 2 * t)],
    ['AC', digits.slice(0, t) + digits.slice(2 * t)],
    ['BC', digits.slice(t)],
    ['X1', digits.slice(0, t - 1) + digits.slice(t + 1)],
    ['X2', digits.slice(0, 2 * t - 1) + digits.slice(2 * t + 1)],
  ];
  return parts.map(([tag, value]) => keyedHash64(key, `${tag}${n}:${value}`));
}

/** The 10-digit base of a clear tax code (13-digit branch codes included), or null. */
export function taxBase(code: string | null | undefined): string | null {
  const normalized = code ? normalizeTaxCode(code) : null;
  if (!normalized) return null;
  const digits = normalized.replace('-', '');
  return digits.length === 10 || digits.length === 13 ? digits.slice(0, 10) : null;
}

/** Birth year encoded by a 12-digit CCCD (PPP G YY …), or null. */
export function cccdBirthYear(pid: string | null): number | null {
  if (!pid || pid.length !== 12) return null;
  const g = pid.charCodeAt(3) - 48;
  if (g < 0 || g > 5) return null;
  return 1900 + Math.floor(g / 2) * 100 + Number(pid.slice(4, 6));
}

export interface KeyInputs {
  f: RecordFeatures;
  dob: string | null; // YYYYMMDD
  byear: number | null;
  idsHex: string[];
  tin: string | null;
  pid: string | null;
  phoneHex: string | null;
}

/** One blocking key as stored in `skeys`/`bkeys`: also how seller search probes those indexes. */
export const blockingKey = (tag: 'ph' | 'n' | 'a', value: string): string => hash64(`${tag}:${value}`);

const k = (tag: string, ...parts: Array<string | number | null | undefined>) =>
  parts.some((p) => p === null || p === undefined || p === '') ? null : hash64(`${tag}:${parts.join('|')}`);

/**
 * Strong keys (identifiers, their fragments, phone, e-mail, the company's 10-digit base) and weak keys (names,
 * dates, addresses). Each weak key leaves out some field, so a typo there cannot hide a true pair.
 */
export function blockingKeys(x: KeyInputs, idf: string[]): { strong: string[]; weak: string[] } {
  const { f } = x;
  const strong = [...x.idsHex.map((hex) => hash64(`id:${hex}`)), ...idf, k('ph', x.phoneHex), k('em', f.email), k('tn', x.tin)];
  const weak = [
    ...(x.dob && f.nmSorted ? f.nmSorted.split(' ').map((t) => hash64(`dt:${x.dob}|${t}`)) : []),
    f.emailUser && f.emailUser.length >= 6 ? hash64(`eu:${f.emailUser}`) : null,
    k('n', f.nmSorted),
    k('ny', f.nmSorted, x.byear),
    k('np', f.nmSorted, f.prov),
    k('nw', f.nmSorted, f.area),
    k('a', f.altSorted),
    k('d', x.dob),
    k('dp', x.dob, f.prov),
    f.house && f.street ? hash64(`hs:${f.house}|${f.street}|${f.prov ?? f.area ?? ''}`) : null,
    k('ga', f.giv, f.postcode ?? f.area),
  ];
  const clean = (keys: Array<string | null>) => [...new Set(keys.filter((v): v is string => v !== null))];
  return { strong: clean(strong), weak: clean(weak) };
}
