/** Provinces (63 old, 34 new since 01/07/2025) and addresses. */
import provinces from '../../identifiers/data/provinces.json';
import vocabulary from '../data/vocabulary.json';
import { stripDiacritics } from './names';
import { Rng, WeightedTable } from './prng';

export interface OldProvince {
  code: string;
  name: string;
  newCode: string;
}

export const OLD_PROVINCES: readonly OldProvince[] = provinces.old;
const OLD_BY_CODE = new Map(OLD_PROVINCES.map((p) => [p.code, p]));
const NEW_BY_CODE = new Map(provinces.new.map((p) => [p.code, p.name]));

export function oldProvince(code: string): OldProvince {
  const p = OLD_BY_CODE.get(code);
  if (!p) throw new Error(`unknown old province ${code}`);
  return p;
}

export function newProvinceName(newCode: string): string {
  const name = NEW_BY_CODE.get(newCode);
  if (!name) throw new Error(`unknown new province ${newCode}`);
  return name;
}

const weights = vocabulary.provinceWeights as Record<string, number>;
/** Where people are born: roughly by population. */
export const BIRTH_PROVINCES = new WeightedTable(OLD_PROVINCES.map((p) => [p.code, weights[p.code] ?? 5] as [string, number]));
/** Where online sellers live: the two metropolises weigh more. */
export const SELLER_PROVINCES = new WeightedTable(
  OLD_PROVINCES.map((p) => [p.code, (weights[p.code] ?? 5) * (p.code === '79' || p.code === '01' ? 2 : 1)] as [string, number]),
);

/** "Tỉnh Bình Dương" → "Bình Dương"; "Thành phố Hồ Chí Minh" → "Hồ Chí Minh". */
export function shortName(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố)\s+/, '');
}

/** The official current (34-province) name of where someone in old province `oldCode` lives. */
export function currentProvinceName(oldCode: string): string {
  return newProvinceName(oldProvince(oldCode).newCode);
}

const nicknames = vocabulary.provinceNicknames as Record<string, string[]>;

/**
 * How a platform or a clerk writes the province: the current official name, the short form, the OLD
 * province's name (merged provinces keep appearing for years), a nickname ("TP HCM", "Sài Gòn") or the
 * same without diacritics.
 */
export function provinceVariant(oldCode: string, rng: Rng): string {
  const old = oldProvince(oldCode);
  const current = newProvinceName(old.newCode);
  const nick = nicknames[old.newCode];
  const r = rng.next();
  if (r < 0.35) return current;
  if (r < 0.55) return shortName(current);
  if (r < 0.75) return rng.chance(0.5) ? old.name : shortName(old.name);
  if (r < 0.88 && nick) return rng.pick(nick);
  if (r < 0.95) return stripDiacritics(shortName(rng.chance(0.5) ? current : old.name));
  return current.toUpperCase();
}

export interface Address {
  /** Street part: "Số 12 Lê Lợi". */
  street: string;
  /** "Phường An Phú" / "Xã Phú Hòa". */
  ward: string;
  /** Pre-reform district (still appears in older records). */
  oldDistrict: string;
}

export function drawAddress(rng: Rng): Address {
  const form = rng.pick(vocabulary.addressForms);
  const ward = rng.pick(vocabulary.wards);
  const street = form
    .replace('{n}', String(rng.int(1, 350)))
    .replace('{m}', String(rng.int(2, 120)))
    .replace('{street}', rng.pick(vocabulary.streets))
    .replace('{ward}', ward);
  return { street, ward: `${rng.chance(0.75) ? 'Phường' : 'Xã'} ${ward}`, oldDistrict: rng.pick(vocabulary.oldDistricts) };
}

/** Full address as the registry or a platform prints it, with the province as given. */
export function formatAddress(a: Address, province: string, withOldDistrict: boolean): string {
  return withOldDistrict ? `${a.street}, ${a.ward}, ${a.oldDistrict}, ${province}` : `${a.street}, ${a.ward}, ${province}`;
}
