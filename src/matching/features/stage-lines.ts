import { decryptPii, encryptPii } from '../../pii/pii-crypto';
import { copyLine } from '../sql/copy-rows';
import { blockingKeys, cccdBirthYear, idFragments, taxBase } from './feature-keys';
import { RawRecord, recordFeatures } from './record-features';

/** A source row as the feature queries read it (feature-sql.ts): text fields, and identifiers as hex. */
export interface StageRow extends RawRecord {
  id: string;
  version: number;
  dob: string | null; // YYYY-MM-DD
  taxRaw: string | null; // a clear 10/13-digit tax code (or a 12-digit one the source kept in clear)
  prevTax: string | null; // taxpayers: the latest previous 10-digit code
  idsHex: string[] | null; // blind indexes of every identifier
  nidEncHex: string | null; // ciphertext of the personal ID (iv ‖ ct)
  phoneHex: string | null; // blind index of the phone
}

export interface StageKeys {
  encryption: Buffer;
  fragments: Buffer;
}

const ID_DIGITS = /^[0-9]{6,12}$/;

/**
 * One COPY line of tmp_match_feat for a source row (see FEATURE_STAGE_COLUMNS): the parsed text features, the
 * blocking keys and the ID fragments. A personal ID is decrypted here, in memory, only to derive its fragments and
 * the birth year a CCCD encodes; it is neither written nor logged (pid_enc is the ciphertext again).
 */
export function featureLine(row: StageRow, keys: StageKeys): string {
  const f = recordFeatures(row);
  const taxDigits = row.taxRaw ? row.taxRaw.replace(/[\s.-]/g, '') : null;
  const tin = taxBase(row.taxRaw) ?? taxBase(row.prevTax);
  const decrypted = row.nidEncHex ? decryptPii(Buffer.from(row.nidEncHex, 'hex'), keys.encryption).replace(/[\s.-]/g, '') : null;
  const fromCipher = decrypted !== null && ID_DIGITS.test(decrypted);
  const pid = fromCipher ? decrypted : taxDigits && /^[0-9]{12}$/.test(taxDigits) ? taxDigits : null;
  const pidEncHex = pid === null ? null : fromCipher ? row.nidEncHex : encryptPii(pid, keys.encryption).toString('hex');
  const dob = row.dob ? row.dob.replace(/-/g, '') : null;
  const idByear = cccdBirthYear(pid);
  const byear = dob ? Number(dob.slice(0, 4)) : idByear;
  const idf = [...(pid ? idFragments(keys.fragments, pid) : []), ...(tin ? idFragments(keys.fragments, tin) : [])];
  const { strong, weak } = blockingKeys({ f, dob, byear, idsHex: row.idsHex ?? [], tin, pid, phoneHex: row.phoneHex }, idf);
  const array = (values: readonly string[]) => `{${values.join(',')}}`;
  return copyLine([
    row.id, row.version, f.kind, f.nm, f.nmSorted, f.nmAcc, f.fam, f.giv, f.alt, f.altSorted,
    dob, byear, idByear, array(row.idsHex ?? []), tin, pidEncHex, pid?.length ?? null, array(idf), row.phoneHex,
    f.email, f.emailUser, f.house, f.street, f.area, f.postcode, f.prov, array(strong), array(weak),
  ]);
}

export function stageLines(rows: readonly StageRow[], keys: StageKeys): string[] {
  return rows.map((row) => featureLine(row, keys));
}
