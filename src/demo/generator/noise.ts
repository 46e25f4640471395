/**
 * How platforms garble what they know about a seller: names, phones, provinces and identifiers as they
 * really arrive. Each function returns the value as sent; the truth keeps the clean one.
 */
import { mistype } from './ids';
import { stripDiacritics } from './names';
import { Seller } from './people';
import { formatAddress, provinceVariant } from './places';
import { Rng } from './prng';

/** The seller_name a platform sends for an individual or a company. */
export function reportedName(seller: Seller, shopName: string, rng: Rng): string {
  if (seller.kind === 'business') {
    const r = rng.next();
    if (r < 0.7) return seller.name;
    if (r < 0.8) return seller.name.toUpperCase();
    if (r < 0.9) return stripDiacritics(seller.name);
    return shopName;
  }
  const n = seller.personName!;
  const r = rng.next();
  if (r < 0.4) return seller.name;
  if (r < 0.52) return stripDiacritics(seller.name);
  if (r < 0.6) return rng.chance(0.5) ? seller.name.toUpperCase() : stripDiacritics(seller.name).toUpperCase();
  if (r < 0.66) return [n.given, n.family, ...n.middle].join(' '); // given-name-first, as on foreign-style forms
  if (r < 0.74) return seller.name.normalize('NFD');
  if (r < 0.79) return typo(seller.name, rng);
  if (r < 0.87) return shopName;
  if (r < 0.92) return stripDiacritics(seller.name).toLowerCase();
  if (r < 0.96) return ` ${seller.name.replace(' ', '  ')} `;
  return `${n.family} ${n.given}`;
}

/** One slip of the finger: a letter dropped, doubled, swapped with its neighbour or replaced. */
export function typo(name: string, rng: Rng): string {
  const chars = [...name];
  const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  const i = rng.pick(letters);
  switch (rng.int(0, 3)) {
    case 0:
      chars.splice(i, 1);
      break;
    case 1:
      chars.splice(i, 0, chars[i]);
      break;
    case 2:
      if (i + 1 < chars.length && /\p{L}/u.test(chars[i + 1])) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
      else chars[i] = 'n';
      break;
    default:
      chars[i] = rng.pick(['a', 'e', 'o', 'u', 'i', 'n', 'h']);
  }
  const out = chars.join('');
  return out === name ? name + 'h' : out;
}

/** The same mobile number as people type it. */
export function phoneFormat(phone: string, rng: Rng): string {
  const rest = phone.slice(1);
  const r = rng.next();
  if (r < 0.4) return phone;
  if (r < 0.55) return `+84 ${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`;
  if (r < 0.7) return `84${rest}`;
  if (r < 0.8) return `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`;
  if (r < 0.9) return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
  return `+84${rest}`;
}

export function reportedPhone(seller: Seller, rng: Rng): string {
  const r = rng.next();
  if (r < 0.08) return '';
  return phoneFormat(r < 0.13 ? seller.altPhone : seller.phone, rng);
}

export type TaxCodeNoise = 'missing' | 'current' | 'old_code' | 'personal_id' | 'mistyped';

/**
 * The tax_code a platform sends. `invalid` is true exactly when the value fails the check digit (a
 * mistyped 10-digit code): such rows are kept by the service but flagged, and listed in bad-rows.
 */
export function reportedTaxCode(seller: Seller, entityCode: string, rng: Rng): { value: string; noise: TaxCodeNoise; invalid: boolean } {
  if (seller.kind === 'business') {
    const code = entityCode;
    if (rng.chance(0.015)) return mistyped(code, rng);
    // Branch codes come with or without the dash.
    return { value: code.includes('-') && rng.chance(0.4) ? code.replace('-', '') : code, noise: 'current', invalid: false };
  }
  const reg = seller.reg;
  const r = rng.next();
  if (!reg) {
    if (r < 0.7) return { value: '', noise: 'missing', invalid: false };
    if (r < 0.97) return { value: seller.personalId, noise: 'personal_id', invalid: false };
    return mistyped(seller.personalId, rng);
  }
  if (r < 0.4) return { value: '', noise: 'missing', invalid: false };
  if (r < 0.7) return { value: reg.taxCode, noise: 'current', invalid: false };
  if (r < 0.82 && reg.migrated && reg.oldCode) return { value: reg.oldCode, noise: 'old_code', invalid: false };
  if (r < 0.9 && reg.taxCode !== seller.personalId) return { value: seller.personalId, noise: 'personal_id', invalid: false };
  if (r < 0.92) return mistyped(rng.chance(0.5) && reg.oldCode ? reg.oldCode : reg.taxCode, rng);
  return { value: reg.taxCode, noise: 'current', invalid: false };
}

function mistyped(code: string, rng: Rng): { value: string; noise: TaxCodeNoise; invalid: boolean } {
  const [head, branch] = code.split('-');
  const wrong = mistype(head, rng);
  return { value: branch ? `${wrong}-${branch}` : wrong, noise: 'mistyped', invalid: head.length === 10 };
}

/** national_id: the 12-digit personal ID, the old 9-digit CMND, or nothing. */
export function reportedNationalId(seller: Seller, rng: Rng): string {
  if (seller.kind === 'business') return '';
  const r = rng.next();
  if (r < 0.45) return seller.personalId;
  if (r < 0.57 && seller.oldIdCard) return seller.oldIdCard;
  return '';
}

export function reportedAddress(seller: Seller, rng: Rng): { address: string; province: string } {
  const province = provinceVariant(seller.residence, rng);
  if (rng.chance(0.1)) return { address: '', province };
  return { address: formatAddress(seller.address, province, rng.chance(0.25)), province };
}

export function reportedEmail(seller: Seller, rng: Rng): string {
  if (!seller.email || rng.chance(0.35)) return '';
  return rng.chance(0.1) ? seller.email.toUpperCase() : seller.email;
}

export function reportedBirthDate(seller: Seller, rng: Rng): string {
  return seller.birthDate && rng.chance(0.6) ? seller.birthDate : '';
}
