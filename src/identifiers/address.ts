import { ProvinceCodes, resolveProvince } from './province';
import { cleanText, foldText } from './vietnamese-text';

/**
 * Free-text Vietnamese addresses ("Số 12/3A Ngõ 5 Phố Huế, P. Bến Nghé, Q.1, TP.HCM") split into the
 * parts matching compares. Addresses after 1 July 2025 have no district (ward directly under one of the
 * 34 provinces), older ones do; both parse. Unrecognised segments (building, hamlet) go to `other`.
 * This is a best-effort reading: every field is optional and nothing here rejects a row.
 */
export interface Address {
  houseNumber: string | null;
  /** Lane or alley: "Ngõ 5", "Hẻm 12", "Kiệt 3", "Ngách 2". */
  alley: string | null;
  street: string | null;
  ward: string | null;
  district: string | null;
  province: ProvinceCodes | null;
  other: string[];
  /** Folded "house|street|ward|district|new province code" for comparisons. */
  key: string;
}

type Level = 'ward' | 'district';

// [folded, as written with accents, level]. Longer first: "phuong" before "p". Written either with
// the right accents or none, so "Phương Mai" (a name) is not "Phường Mai".
const LEVEL_PREFIXES: ReadonlyArray<readonly [string, string, Level]> = [
  ['thi tran', 'thị trấn', 'ward'], ['phuong', 'phường', 'ward'], ['xa', 'xã', 'ward'], ['tt', 'tt', 'ward'],
  ['p', 'p', 'ward'], ['x', 'x', 'ward'], ['thanh pho', 'thành phố', 'district'], ['thi xa', 'thị xã', 'district'],
  ['quan', 'quận', 'district'], ['huyen', 'huyện', 'district'], ['tp', 'tp', 'district'], ['tx', 'tx', 'district'],
  ['q', 'q', 'district'], ['h', 'h', 'district'],
];

// Break points inside a segment written without commas: unambiguous markers only (with diacritics or a
// dot, an unaccented marker directly followed by a number, or "TP" glued to a name as in "TPHCM": no
// Vietnamese word starts with "tp").
const INNER_BREAK = new RegExp(
  '\\s+(?=(?:phường|quận|huyện|thị xã|thị trấn|xã|tỉnh|thành phố)\\s|(?:tp|p|q|h|tx|tt)\\.|tp\\s|tp\\p{L}|[pq]\\d|(?:phuong|quan|huyen)\\s*\\d)',
  'giu',
);
const COUNTRY = new Set(['viet nam', 'vietnam', 'vn']);
const POSTCODE = /^[0-9]{5,6}$/;
const HOUSE_NUMBER = /^(?:[a-z]{1,2})?[0-9]+[a-z]?(?:[/-][0-9a-z]+)*$/;
const ALLEY = new Set(['ngo', 'hem', 'kiet', 'ngach']);
const STREET_MARKERS = new Set(['duong', 'd', 'pho']);
// Hamlets, villages and residential groups: places, not streets. Unaccented "to"/"ban" are left out:
// "Tô Hiến Thành" and "Bàn Cờ" are streets.
const HAMLET = /^(thôn|thon|ấp|ap|xóm|xom|bản|khóm|khom|khu phố|khu pho|kp|tổ dân phố|to dan pho|tdp|tổ)[\s.]+\S/iu;

function levelOf(segment: string): { level: Level; name: string } | null {
  const folded = foldText(segment);
  for (const [prefix, accented, level] of LEVEL_PREFIXES) {
    if (!folded.startsWith(prefix)) continue;
    // NFC Vietnamese letters fold one to one, so the prefix has the same length in `segment`.
    const written = segment.slice(0, prefix.length).toLowerCase();
    if (written !== prefix && written !== accented) continue;
    // Unaccented "xa" is also the first word of "Xa lộ" (highway): only "Xã" marks a commune.
    if (prefix === 'xa' && written !== accented) continue;
    const after = segment.slice(prefix.length);
    const name = after.replace(/^[.\s]+/, '');
    // The prefix must end at a dot, a space or a number: "Pham…" is not "P. ham…".
    if (name === '' || (name === after && !/^[0-9]/.test(name))) continue;
    return { level, name: name.replace(/^0+(?=[0-9])/, '') };
  }
  return null;
}

interface StreetParts {
  houseNumber: string | null;
  alley: string | null;
  street: string | null;
}

function streetParts(segment: string): StreetParts {
  const raw = segment.split(' ');
  const f = raw.map((w) => foldText(w).replace(/[.,]$/, ''));
  let i = 0;
  let houseNumber: string | null = null;
  const alley: string[] = [];
  while (i < raw.length) {
    if (f[i] === 'so' && HOUSE_NUMBER.test(f[i + 1] ?? '')) i++;
    if (HOUSE_NUMBER.test(f[i]) && houseNumber === null) {
      houseNumber = raw[i].replace(/[.,]$/, '').toUpperCase();
      i++;
    } else if (ALLEY.has(f[i]) && HOUSE_NUMBER.test(f[i + 1] ?? '')) {
      alley.push(`${raw[i]} ${raw[i + 1]}`);
      i += 2;
    } else break;
  }
  if (STREET_MARKERS.has(f[i]) && i < raw.length - 1) i++;
  const street = raw.slice(i).join(' ').replace(/^[.\s]+/, '');
  return { houseNumber, alley: alley.length ? alley.join(' ') : null, street: street || null };
}

export function parseAddress(input: string): Address {
  const segments = cleanText(input)
    .split(/[,;]|\s-\s/)
    .flatMap((s) => s.split(INNER_BREAK))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  while (segments.length > 0 && (COUNTRY.has(foldText(segments[segments.length - 1])) || POSTCODE.test(segments[segments.length - 1]))) {
    segments.pop();
  }

  let province: ProvinceCodes | null = null;
  const last = segments[segments.length - 1];
  if (last !== undefined && !/^[0-9]+$/.test(last)) {
    const resolved = resolveProvince(last);
    if (resolved.ok) {
      province = resolved.value;
      segments.pop();
    }
  }

  let ward: string | null = null;
  let district: string | null = null;
  const other: string[] = [];
  const remaining: string[] = [];
  for (const segment of segments) {
    const found = levelOf(segment);
    if (found?.level === 'ward' && ward === null) ward = found.name;
    else if (found?.level === 'district' && district === null) district = found.name;
    else remaining.push(segment);
  }
  const [first, ...others] = remaining;
  const isStreet = first !== undefined && !HAMLET.test(first);
  const parts = isStreet ? streetParts(first) : { houseNumber: null, alley: null, street: null };
  other.push(...(isStreet ? others : remaining));

  const key = [parts.houseNumber, parts.street, ward, district]
    .map((x) => foldText(x ?? ''))
    .concat(province?.newCode ?? '')
    .join('|');
  return { ...parts, ward, district, province, other, key };
}
