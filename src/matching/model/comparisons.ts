import { piiSql } from '../../pii/pii-crypto';

/**
 * The compared fields and their levels (index = level code, 0 = disagree; NULL in SQL = nothing to compare).
 * The SQL functions behind the levels live in migrations/1795400400000-Matching.ts. `tf` marks levels whose
 * u-probability is replaced by the frequency of the agreed value (term-frequency adjustment): agreeing on
 * "Nguyễn Văn Hùng" is common among strangers, agreeing on a rare name is not.
 */
export interface FieldSpec {
  name: FieldName;
  levels: readonly string[];
  /**
   * An address is shared by a whole household (the sister at the same house number), far more often than
   * independence from the other fields assumes: its positive weight is capped (QUASI_IDENTIFIER_MAX_BITS).
   */
  quasiIdentifier?: boolean;
  /** Term-frequency scope and the levels it adjusts. */
  tf?: { scope: 'name' | 'phone'; levels: readonly number[] };
}

export type FieldName = 'id' | 'name' | 'dob' | 'phone' | 'email' | 'address';

export const FIELDS: readonly FieldSpec[] = [
  // related: a branch (NNNNNNNNNN-NNN) and its head company, or two branches of one; near: one slipped digit.
  { name: 'id', levels: ['different', 'related', 'near', 'exact'] },
  { name: 'name', levels: ['different', 'one_part', 'partial', 'typo', 'reordered', 'exact'], tf: { scope: 'name', levels: [4, 5] } },
  { name: 'dob', levels: ['different', 'year', 'close', 'exact'] },
  { name: 'phone', levels: ['different', 'exact'], tf: { scope: 'phone', levels: [1] } },
  { name: 'email', levels: ['different', 'similar', 'exact'] },
  { name: 'address', levels: ['different', 'province', 'area', 'street', 'house_street'], quasiIdentifier: true },
];

/** At most 2^13 ≈ 1 in 8,000: what a shared address can say on its own, however rare the agreement looked among strangers. */
export const QUASI_IDENTIFIER_MAX_BITS = 13;

/** Blocking and comparison rules; bump when a level or a blocking key changes meaning. */
export const RULE_VERSION = 'match-rules-2026.1';

export type PairMode = 'link' | 'dedup';

function nameLevel(a: string, b: string, aAlt: boolean, bAlt: boolean): string {
  const side = (x: string, alt: boolean) =>
    alt ? `${x}.alt, ${x}.alt_sorted, NULL, NULL, NULL` : `${x}.nm, ${x}.nm_sorted, ${x}.nm_acc, ${x}.fam, ${x}.giv`;
  return `ect_match_name_level(${side(a, aAlt)}, ${side(b, bAlt)})`;
}

/**
 * One SQL expression per field, for feature rows aliased `l` (a seller) and `r` (a taxpayer, or another seller).
 * Personal IDs are decrypted only for pairs whose ID fragments already agree, inside this statement ($1 = key).
 */
export function levelSql(mode: PairMode): Record<FieldName, string> {
  const decrypt = (c: string) => piiSql.decrypt(c, '$1::bytea');
  // A shop name is compared with the other side's name only when that is not a person's name: "Tiệm Bánh Cô Như"
  // says nothing about "Tống Phụng Như" (and person-like shop names are parsed as persons already).
  const names = [nameLevel('l', 'r', false, false), `CASE WHEN r.kind <> 'person' THEN ${nameLevel('l', 'r', true, false)} END`];
  if (mode === 'dedup') names.push(`CASE WHEN l.kind <> 'person' THEN ${nameLevel('l', 'r', false, true)} END`, nameLevel('l', 'r', true, true));
  return {
    id: `CASE
      WHEN l.ids && r.ids THEN 3
      WHEN l.tin <> r.tin AND levenshtein(l.tin, r.tin) <= 2 AND ect_match_digit_slip(l.tin, r.tin) IS NOT NULL THEN 2
      WHEN l.pid_len = r.pid_len AND l.idf && r.idf
        AND ect_match_digit_slip(${decrypt('l.pid_enc')}, ${decrypt('r.pid_enc')}) IS NOT NULL THEN 2
      WHEN l.tin = r.tin THEN 1
      WHEN (l.tin IS NOT NULL AND r.tin IS NOT NULL) OR l.pid_len = r.pid_len THEN 0
    END`,
    name: `GREATEST(${names.join(', ')})`,
    dob: `ect_match_dob_level(l.dob, l.byear, r.dob, r.byear)`,
    phone: `CASE WHEN l.phone IS NULL OR r.phone IS NULL THEN NULL WHEN l.phone = r.phone THEN 1 ELSE 0 END`,
    email: `ect_match_email_level(l.email, l.email_user, r.email, r.email_user)`,
    address: `ect_match_address_level(l.house, l.street, l.area, l.postcode, l.prov, r.house, r.street, r.area, r.postcode, r.prov)`,
  };
}

/** The agreed value whose frequency adjusts a tf level (NULL when the pair does not agree on one). */
export function tfTermSql(scope: 'name' | 'phone'): string {
  if (scope === 'phone') return `CASE WHEN l.phone = r.phone THEN encode(l.phone, 'hex') END`;
  return `CASE WHEN l.nm_sorted IN (r.nm_sorted, r.alt_sorted) THEN l.nm_sorted
               WHEN l.alt_sorted IN (r.nm_sorted, r.alt_sorted) THEN l.alt_sorted END`;
}

/** Levels packed 3 bits per field (level + 1; 0 = missing), in FIELDS order: a compact pattern id for EM. */
export function patternSql(levelColumns: readonly string[]): string {
  return levelColumns.map((c, i) => `(coalesce(${c} + 1, 0)::int << ${3 * i})`).join(' | ');
}

export function unpackPattern(pattern: number): number[] {
  return FIELDS.map((_, i) => ((pattern >> (3 * i)) & 7) - 1);
}
