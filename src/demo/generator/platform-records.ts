/**
 * Platform seller and revenue records, and their CSV / JSON / NDJSON text. JSON keeps the CSV field names;
 * identifiers are strings (leading zeros), amounts are integers, missing values are null.
 */
import { Account } from './accounts';
import {
  reportedAddress, reportedBirthDate, reportedEmail, reportedName, reportedNationalId, reportedPhone, reportedTaxCode,
} from './noise';
import { Seller } from './people';
import { PlatformFormat, REVENUE_COLUMNS, SELLER_COLUMNS } from './platforms';
import { Rng } from './prng';
import { RevenueRow } from './revenue';
import { csvField } from './sinks';

export type FieldValue = string | number | boolean | null;
export type SellerRecord = Record<(typeof SELLER_COLUMNS)[number], FieldValue>;
export type RevenueRecord = Record<(typeof REVENUE_COLUMNS)[number], FieldValue>;

export interface BuiltSellerRecord {
  record: SellerRecord;
  /** The tax_code sent fails its check digit (kept, flagged: listed in bad-rows). */
  invalidTaxCode: boolean;
  /** What the platform's identity fields look like, reused for DPI. */
  tin: string;
  address: string;
  birthDate: string;
}

export function buildSellerRecord(seller: Seller, account: Account, rng: Rng): BuiltSellerRecord {
  const tax = reportedTaxCode(seller, account.taxEntityCode, rng);
  const { address, province } = reportedAddress(seller, rng);
  const birthDate = reportedBirthDate(seller, rng);
  const record: SellerRecord = {
    seller_ref: account.ref,
    shop_name: account.shopName,
    seller_name: reportedName(seller, account.shopName, rng),
    tax_code: tax.value,
    national_id: reportedNationalId(seller, rng),
    phone: reportedPhone(seller, rng),
    email: reportedEmail(seller, rng),
    address,
    province,
    date_of_birth: birthDate,
    category: account.reportedCategory,
    is_resident: true,
  };
  return { record, invalidTaxCode: tax.invalid, tin: tax.value, address, birthDate };
}

/** A revenue row as text, without an intermediate object (millions of rows; every field is safe unquoted). */
export function revenueText(format: PlatformFormat, row: RevenueRow): string {
  const r = row;
  if (format === 'csv') return `${r.account.ref},${r.period.code},${r.gross},${r.orders},${r.refunds},${r.fees},${r.vat},${r.pit}`;
  return `{"seller_ref":"${r.account.ref}","period":"${r.period.code}","gross_revenue":${r.gross},"order_count":${r.orders},"refunds":${r.refunds},"fees":${r.fees},"vat_withheld":${r.vat},"pit_withheld":${r.pit}}`;
}

/** One record as a CSV line or a JSON object (built directly: this runs for every platform row). */
export function recordText(format: PlatformFormat, columns: readonly string[], record: Record<string, FieldValue>): string {
  if (format === 'csv') {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const v = record[columns[i]];
      line += (i ? ',' : '') + (typeof v === 'string' ? csvField(v) : v === null ? '' : String(v));
    }
    return line;
  }
  let json = '{';
  for (let i = 0; i < columns.length; i++) {
    const v = record[columns[i]];
    json += (i ? ',"' : '"') + columns[i] + '":' + (v === '' || v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : String(v));
  }
  return json + '}';
}
