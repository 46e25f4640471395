/**
 * Identifier helpers for generation only (the service validates with src/identifiers). Kept here so the
 * generator does not depend on code written in parallel. Uniqueness comes from bijections of a global
 * serial number g (one per taxpayer-like entity), never from luck: a 2M registry drawn at random would
 * collide thousands of times.
 */
import { Rng } from './prng';

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** Check digit of a 9-digit tax-code prefix, or null when the prefix can never be valid (result 10). */
export function taxCodeCheckDigit(prefix9: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (prefix9.charCodeAt(i) - 48) * WEIGHTS[i];
  const digit = 10 - (sum % 11);
  return digit === 10 ? null : digit;
}

/** A 10-digit tax code (or the 10-digit head of a 13-digit one) with a valid check digit. */
export function isValidTaxCode10(code: string): boolean {
  if (!/^\d{10}$/.test(code) || /^\d\d0000000\d$/.test(code)) return false;
  return taxCodeCheckDigit(code.slice(0, 9)) === code.charCodeAt(9) - 48;
}

/** 10 digits, or 13 digits as NNNNNNNNNN-NNN / NNNNNNNNNNNNN with a 001–999 branch suffix. */
export function isValidTaxCode(code: string): boolean {
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(code);
  if (!m) return false;
  if (m[2] !== undefined && m[2] === '000') return false;
  return isValidTaxCode10(m[1]);
}

/** Bijection of [0, modulus) (affine map with a multiplier coprime to the modulus). */
export class Permutation {
  private readonly a: number;
  private readonly b: number;
  /** a·x stays below 2^53 for moduli up to ~9·10^7; larger ones go through BigInt. */
  private readonly big: boolean;

  constructor(readonly modulus: number, seed: number) {
    const rng = new Rng(seed);
    let a = 0;
    do a = rng.int(Math.floor(modulus / 3), modulus - 1);
    while (gcd(a, modulus) !== 1);
    this.a = a;
    this.b = rng.int(0, modulus - 1);
    this.big = modulus > 90_000_000;
  }

  apply(x: number): number {
    if (x < 0 || x >= this.modulus) throw new RangeError(`serial ${x} outside [0, ${this.modulus})`);
    if (this.big) return Number((BigInt(this.a) * BigInt(x) + BigInt(this.b)) % BigInt(this.modulus));
    return (this.a * x + this.b) % this.modulus;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Tax-code prefixes: individuals' personal codes start with 8; businesses with a province office code. */
const INDIVIDUAL_HEADS = ['80', '81', '83', '84', '85', '86', '87', '82'];
const BUSINESS_HEADS = ['01', '03', '02', '04', '05', '06', '08', '10', '11', '14', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '39', '40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57', '58', '59', '60', '61', '62', '63', '64', '65'];

export class IdFactory {
  /** Digits 3–9 of every tax code: a bijection of [1, 10^7), so digits 3–9 are never all zero. */
  private readonly taxSerial: Permutation;
  private readonly cccdSerial: Permutation;
  private readonly cmndSerial: Permutation;
  private readonly phoneSerial: Permutation;
  private readonly altPhoneSerial: Permutation;

  constructor(seed: number, private readonly phonePrimary: readonly string[], private readonly phoneSecondary: readonly string[]) {
    this.taxSerial = new Permutation(9_999_999, seed ^ 0x51ed270b);
    this.cccdSerial = new Permutation(1_000_000, seed ^ 0x2545f491);
    this.cmndSerial = new Permutation(900_000_000, seed ^ 0x6c8e9cf5);
    this.phoneSerial = new Permutation(10_000_000, seed ^ 0x3c6ef372);
    this.altPhoneSerial = new Permutation(10_000_000, seed ^ 0x1b873593);
  }

  static readonly MAX_SERIAL = 9_999_998;

  /** The 10-digit tax code of entity g (unique per g). */
  taxCode(g: number, business: boolean): string {
    const body = String(this.taxSerial.apply(g) + 1).padStart(7, '0');
    const heads = business ? BUSINESS_HEADS : INDIVIDUAL_HEADS;
    const start = (g * 7 + (business ? 3 : 0)) % heads.length;
    for (let k = 0; k < heads.length; k++) {
      const prefix = heads[(start + k) % heads.length] + body;
      const check = taxCodeCheckDigit(prefix);
      if (check !== null) return prefix + check;
    }
    throw new Error(`no valid tax-code head for serial ${g}`);
  }

  /**
   * 12-digit personal ID `PPP G YY RRRRRR`. RRRRRR is a bijection of g mod 10^6; entities in different
   * millions of g are kept apart by their birth year (see `birthYearBlock`).
   */
  personalId(g: number, oldBirthProvince: string, female: boolean, birthYear: number): string {
    const century = birthYear >= 2000 ? 2 : 0;
    const genderDigit = century + (female ? 1 : 0);
    const serial = String(this.cccdSerial.apply(g % 1_000_000)).padStart(6, '0');
    return `0${oldBirthProvince}${genderDigit}${String(birthYear % 100).padStart(2, '0')}${serial}`;
  }

  /** Old 9-digit identity card (CMND). */
  oldIdCard(g: number): string {
    return String(this.cmndSerial.apply(g % 900_000_000) + 100_000_000);
  }

  /** 10-digit mobile number, unique per g. */
  phone(g: number): string {
    return this.phonePrimary[g % this.phonePrimary.length] + String(this.phoneSerial.apply(g % 10_000_000)).padStart(7, '0');
  }

  /** A second number (registry keeps an older one); prefixes disjoint from `phone`, so never someone else's. */
  altPhone(g: number): string {
    return this.phoneSecondary[g % this.phoneSecondary.length] + String(this.altPhoneSerial.apply(g % 10_000_000)).padStart(7, '0');
  }
}

/**
 * Birth years of entities in the b-th million of serials are ≡ b (mod blocks), so two people whose
 * personal-ID serials coincide (g ≡ g' mod 10^6) never share a birth year, hence never an ID.
 */
export function fitBirthYear(year: number, g: number, blocks: number, lo: number, hi: number): number {
  if (blocks <= 1) return year;
  const want = Math.floor(g / 1_000_000) % blocks;
  let y = year - (((year - want) % blocks) + blocks) % blocks;
  if (y < lo) y += blocks;
  if (y > hi) y -= blocks;
  return y;
}

/**
 * A deliberately mistyped tax code: one wrong digit (p=0.6) or two adjacent digits swapped. The result is
 * guaranteed to fail the check digit for 10-digit codes. For 12-digit IDs (no check digit) the typo stays in
 * the random tail so the ID still looks well-formed.
 */
export function mistype(code: string, rng: Rng): string {
  const digits = code.replace(/\D/g, '');
  const lo = digits.length === 12 ? 6 : 2;
  for (let attempt = 0; attempt < 50; attempt++) {
    const chars = digits.split('');
    if (rng.chance(0.6)) {
      const i = rng.int(lo, chars.length - 1);
      chars[i] = String((Number(chars[i]) + rng.int(1, 9)) % 10);
    } else {
      const i = rng.int(lo, chars.length - 2);
      if (chars[i] === chars[i + 1]) continue;
      [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
    }
    const out = chars.join('');
    if (out === digits) continue;
    if (digits.length === 10 && isValidTaxCode10(out)) continue;
    return out;
  }
  throw new Error(`could not mistype ${code}`);
}
