import { stripPhoneSeparators } from './characters';
import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';

/**
 * Vietnamese phone numbers to E.164 (+84…). Mobiles are 0 + 9 digits (03/05/07/08/09), landlines
 * 02 + 9 digits (area code included, since the 2017 renumbering). The 11-digit 01xx mobiles were moved
 * to 10 digits in 2018 (MIC Decision 798/QĐ-BTTTT); old contact data still carries them, so they are
 * converted to the number the subscriber has today.
 */

/** Old 01xx prefix → new 0xx prefix, as in the 2018 conversion (Viettel, MobiFone, VinaPhone, Vietnamobile, Gmobile). */
export const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038', '0169': '039',
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0186': '056', '0188': '058',
  '0199': '059',
};

/**
 * The national significant number (NSN: no trunk 0) of a valid mobile or landline, and of an old 01xx
 * mobile. Shared with the SQL twin.
 */
export const PHONE_NSN_PATTERN = '^(?:[35789][0-9]{8}|2[0-9]{9})$';
export const OLD_MOBILE_NSN_PATTERN = `^(?:${Object.keys(OLD_MOBILE_PREFIXES).map((p) => p.slice(1)).join('|')})[0-9]{7}$`;
const NSN_RE = new RegExp(PHONE_NSN_PATTERN);
const OLD_NSN_RE = new RegExp(OLD_MOBILE_NSN_PATTERN);

/**
 * After separators are removed: drop a country code (+84, 0084, or a bare 84 when exactly 9–10 digits
 * follow, which no domestic number does), then one trunk 0 (also after +84, a common slip). What is
 * left must be an NSN. A number that lost its leading zero in a spreadsheet (912345678) is accepted.
 * The SQL twin (ect_phone_normalize) follows these same steps.
 */
function nationalNumber(input: string): string {
  const p = stripPhoneSeparators(input);
  const n = p.startsWith('+84') ? p.slice(3) : p.startsWith('0084') ? p.slice(4) : /^84[0-9]{9,10}$/.test(p) ? p.slice(2) : p;
  return n.startsWith('0') ? n.slice(1) : n;
}

export interface Phone {
  e164: string;
  kind: 'mobile' | 'landline';
  /** True when an old 01xx mobile number was converted. */
  converted: boolean;
}

export function parsePhone(input: string): Checked<Phone, typeof E.PHONE_FORMAT> {
  const nsn = nationalNumber(input);
  if (NSN_RE.test(nsn)) return ok({ e164: `+84${nsn}`, kind: nsn[0] === '2' ? 'landline' : 'mobile', converted: false });
  if (!OLD_NSN_RE.test(nsn)) return fail(E.PHONE_FORMAT);
  const updated = OLD_MOBILE_PREFIXES[`0${nsn.slice(0, 3)}`].slice(1) + nsn.slice(3);
  return ok({ e164: `+84${updated}`, kind: 'mobile', converted: true });
}

/** E.164 form, or null when the text is not a Vietnamese phone number. */
export function normalizePhone(input: string): string | null {
  const result = parsePhone(input);
  return result.ok ? result.value.e164 : null;
}
