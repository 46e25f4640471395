import { foldText, normalizeEmail, parseAddress, resolveProvince, tokenize } from '../../identifiers';
import { nameFeatures, NameFeatures } from './name-features';

/** The text fields of a seller observation or a taxpayer version that matching compares (IDs, phone and date are handled in SQL). */
export interface RawRecord {
  name: string | null;
  /** Sellers only: the shop name, often the only name a platform shows. */
  shopName?: string | null;
  address: string | null;
  provinceRaw: string | null;
  provinceNewCode: string | null;
  email: string | null;
}

export interface RecordFeatures {
  kind: 'person' | 'business' | 'shop' | 'unknown';
  nm: string | null;
  nmSorted: string | null;
  nmAcc: string | null;
  fam: string | null;
  giv: string | null;
  /** A second name (a seller's shop name) when it differs from the first. */
  alt: string | null;
  altSorted: string | null;
  house: string | null;
  street: string | null;
  /** The most precise locality below the province: ward, else district, else the last unnamed segment (a suburb). */
  area: string | null;
  postcode: string | null;
  /** New (34-list) province code, or the folded text when it names no Vietnamese province. */
  prov: string | null;
  email: string | null;
  emailUser: string | null;
}

const TRAILING_POSTCODE = /,\s*([0-9]{4,6})\s*$/;

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function words(value: string | null | undefined): string | null {
  if (!value) return null;
  const joined = tokenize(value).join(' ');
  return joined === '' ? null : joined.slice(0, 120);
}

interface AddressFeatures {
  house: string | null;
  street: string | null;
  area: string | null;
  postcode: string | null;
  provinceNewCode: string | null;
}

const EMPTY_ADDRESS: AddressFeatures = { house: null, street: null, area: null, postcode: null, provinceNewCode: null };

export function addressFeatures(text: string | null): AddressFeatures {
  const address = clean(text);
  if (!address) return EMPTY_ADDRESS;
  const post = TRAILING_POSTCODE.exec(address);
  const parsed = parseAddress(post ? address.slice(0, post.index) : address);
  const locality = parsed.ward ?? parsed.district ?? parsed.other[parsed.other.length - 1] ?? null;
  return {
    house: parsed.houseNumber ? foldText(parsed.houseNumber) : null,
    street: words(parsed.street),
    area: words(locality),
    postcode: post ? post[1] : null,
    provinceNewCode: parsed.province?.newCode ?? null,
  };
}

function province(raw: RawRecord, fromAddress: string | null): string | null {
  if (clean(raw.provinceNewCode)) return raw.provinceNewCode!.trim();
  const text = clean(raw.provinceRaw);
  if (text) {
    const resolved = resolveProvince(text);
    if (resolved.ok) return resolved.value.newCode;
  }
  return fromAddress ?? words(text);
}

function emailParts(text: string | null): { email: string | null; emailUser: string | null } {
  const email = text ? normalizeEmail(text) : null;
  if (!email) return { email: null, emailUser: null };
  // The local part without dots and +tags: "nguyen.van.a+shop@gmail.com" and "nguyenvana@yahoo.com" are a near match.
  const user = email.slice(0, email.lastIndexOf('@')).replace(/\+.*$/, '').replace(/\./g, '');
  return { email, emailUser: user || null };
}

/** Pure: the comparison features of one record. */
export function recordFeatures(raw: RawRecord): RecordFeatures {
  let primary: NameFeatures | null = nameFeatures(clean(raw.name));
  let second: NameFeatures | null = nameFeatures(clean(raw.shopName));
  if (!primary && second) [primary, second] = [second, null];
  if (second && primary && second.sorted === primary.sorted) second = null;
  const address = addressFeatures(raw.address);
  return {
    kind: primary?.kind ?? 'unknown',
    nm: primary?.key ?? null,
    nmSorted: primary?.sorted ?? null,
    nmAcc: primary?.acc ?? null,
    fam: primary?.fam ?? null,
    giv: primary?.giv ?? null,
    alt: second?.key ?? null,
    altSorted: second?.sorted ?? null,
    house: address.house,
    street: address.street,
    area: address.area,
    postcode: address.postcode,
    prov: province(raw, address.provinceNewCode),
    ...emailParts(raw.email),
  };
}
