import aliasFile from './data/province-aliases.json';
import provinceFacts from './data/provinces.json';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';
import { foldText } from './vietnamese-text';

/**
 * Province names and codes across the 1 July 2025 reform (63 → 34). Old and new names keep appearing
 * side by side for years, so every spelling resolves to the new province (`newCode`) and, when the text
 * names a pre-reform province, to that one too (`oldCode`). Numeric codes are read as old codes: every
 * new code is the code of one of its old provinces, whose successor it is, so `newCode` is right
 * either way. The same index seeds `ref_province_aliases` in SQL.
 */
export interface ProvinceCodes {
  oldCode?: string;
  newCode: string;
}

export interface ProvinceFacts {
  old: ReadonlyArray<{ code: string; name: string; newCode: string }>;
  new: ReadonlyArray<{ code: string; name: string }>;
}

export interface ProvinceAlias {
  alias: string;
  oldCode?: string;
  newCode?: string;
}

// Shared with the SQL twin (ect_province_key): keep them plain regular expressions.
export const PROVINCE_KEY_NON_ALNUM = '[^a-z0-9]+';
export const PROVINCE_KEY_PREFIX = '^(tinh|thanh pho|thanhpho|tp|t p|thu do) ';
export const PROVINCE_KEY_SUFFIX = ' (city|province|viet nam|vietnam)$';

/**
 * Lookup key: folded, punctuation to spaces, one leading "tỉnh/thành phố/TP/thủ đô" and one trailing
 * "city/province/Việt Nam" dropped, spaces removed ("TP. Hồ Chí Minh" → "hochiminh", "BR-VT" → "brvt").
 */
export function provinceKey(input: string): string {
  return foldText(input)
    .replace(new RegExp(PROVINCE_KEY_NON_ALNUM, 'g'), ' ')
    .trim()
    .replace(new RegExp(PROVINCE_KEY_PREFIX), '')
    .replace(new RegExp(PROVINCE_KEY_SUFFIX), '')
    .replace(/ /g, '');
}

/**
 * Every key → codes: old codes ("79" and the CCCD-style "079"), old names, new names that are not also
 * old names, then aliases. Throws when two entries claim one key for different provinces.
 */
export function buildProvinceIndex(facts: ProvinceFacts, aliases: readonly ProvinceAlias[]): Map<string, ProvinceCodes> {
  const index = new Map<string, ProvinceCodes>();
  const newOf = new Map(facts.old.map((p) => [p.code, p.newCode]));
  const put = (key: string, codes: ProvinceCodes, onlyIfAbsent = false) => {
    const existing = index.get(key);
    if (existing && onlyIfAbsent) return;
    if (existing && (existing.oldCode !== codes.oldCode || existing.newCode !== codes.newCode)) {
      throw new Error(`province key "${key}" is claimed by two provinces`);
    }
    index.set(key, codes);
  };
  for (const p of facts.old) {
    const codes = { oldCode: p.code, newCode: p.newCode };
    put(p.code, codes);
    put(`0${p.code}`, codes);
    put(provinceKey(p.name), codes);
  }
  for (const p of facts.new) put(provinceKey(p.name), { newCode: p.code }, true);
  for (const a of aliases) {
    const newCode = a.oldCode !== undefined ? newOf.get(a.oldCode) : a.newCode;
    if (newCode === undefined) throw new Error(`province alias "${a.alias}" points at no province`);
    put(provinceKey(a.alias), a.oldCode !== undefined ? { oldCode: a.oldCode, newCode } : { newCode });
  }
  return index;
}

export const PROVINCE_FACTS: ProvinceFacts = provinceFacts;
export const PROVINCE_ALIASES: readonly ProvinceAlias[] = aliasFile.aliases;
const INDEX = buildProvinceIndex(PROVINCE_FACTS, PROVINCE_ALIASES);

/** The rows of `ref_province_aliases`: [key, oldCode | null, newCode]. */
export function provinceAliasRows(): Array<[string, string | null, string]> {
  return [...INDEX].map(([key, codes]) => [key, codes.oldCode ?? null, codes.newCode]);
}

export function resolveProvince(input: string): Checked<ProvinceCodes, typeof E.PROVINCE_UNKNOWN> {
  const codes = INDEX.get(provinceKey(input));
  return codes ? ok({ ...codes }) : fail(E.PROVINCE_UNKNOWN);
}

/** Official names: the new province's, and the old one's when known. */
export function provinceNames(codes: ProvinceCodes): { oldName?: string; newName: string } {
  const newName = PROVINCE_FACTS.new.find((p) => p.code === codes.newCode)?.name ?? '';
  const oldName = PROVINCE_FACTS.old.find((p) => p.code === codes.oldCode)?.name;
  return oldName === undefined ? { newName } : { oldName, newName };
}
