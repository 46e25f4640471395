/**
 * Deliberately invalid EXTRA records, so the intake's error report has something to show. They carry no
 * truth: a bad seller record is an extra shop (not in truth/sellers.csv) and a bad revenue record adds
 * nothing to any total, so the flags are the same whether the service drops or keeps them.
 * (Mistyped tax codes on real shops are the exception: those rows are real, kept and flagged.)
 */
import { Period, platformPeriods, quartersOf } from './calendar';
import { FieldValue, RevenueRecord, SellerRecord } from './platform-records';
import { PlatformDef } from './platforms';
import { Rng } from './prng';

export const ERROR_CODES = [
  'TAX_CODE_CHECK_DIGIT',
  'NATIONAL_ID_FORMAT',
  'PHONE_FORMAT',
  'EMAIL_FORMAT',
  'PERIOD_FORMAT',
  'PERIOD_IN_FUTURE',
  'AMOUNT_NEGATIVE',
  'AMOUNT_FORMAT',
  'PROVINCE_UNKNOWN',
  'REQUIRED_FIELD_MISSING',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface BadRowPlan {
  target: 'sellers' | 'revenue';
  field: string;
  code: ErrorCode;
}

/** The order bad rows are injected in (cycled). */
export const BAD_ROW_CYCLE: readonly BadRowPlan[] = [
  { target: 'sellers', field: 'email', code: 'EMAIL_FORMAT' },
  { target: 'revenue', field: 'period', code: 'PERIOD_FORMAT' },
  { target: 'sellers', field: 'phone', code: 'PHONE_FORMAT' },
  { target: 'revenue', field: 'gross_revenue', code: 'AMOUNT_NEGATIVE' },
  { target: 'sellers', field: 'national_id', code: 'NATIONAL_ID_FORMAT' },
  { target: 'revenue', field: 'period', code: 'PERIOD_IN_FUTURE' },
  { target: 'sellers', field: 'province', code: 'PROVINCE_UNKNOWN' },
  { target: 'revenue', field: 'refunds', code: 'AMOUNT_FORMAT' },
  { target: 'sellers', field: 'seller_ref', code: 'REQUIRED_FIELD_MISSING' },
  { target: 'revenue', field: 'period', code: 'REQUIRED_FIELD_MISSING' },
];

export function spoilSeller(record: SellerRecord, plan: BadRowPlan, rng: Rng): SellerRecord {
  const out = { ...record };
  switch (plan.code) {
    case 'EMAIL_FORMAT':
      out.email = rng.pick(['hung.nguyen@', 'lan nguyen@gmail.com', 'thao@@yahoo.com', 'nguyenvanhung.gmail.com']);
      break;
    case 'PHONE_FORMAT':
      out.phone = rng.pick(['0123', '09123456789012', 'goi zalo', '+84 12']);
      break;
    case 'NATIONAL_ID_FORMAT':
      out.national_id = rng.pick(['12345', '079A90123456', '1234567890123', '07919012345']);
      break;
    case 'PROVINCE_UNKNOWN':
      out.province = rng.pick(['Tỉnh Hà Đông Mới', 'Narnia', 'Tỉnh Số 64', 'XYZ']);
      break;
    case 'REQUIRED_FIELD_MISSING':
      out.seller_ref = '';
      break;
    default:
      throw new Error(`${plan.code} is not a seller error`);
  }
  return out;
}

/** A period the shop reports nothing for, so the bad row is not also a duplicate. */
function unusedPeriod(platform: PlatformDef, used: ReadonlySet<string>, rng: Rng): string {
  const all: Period[] = [2025, 2026].flatMap((y) => (platform.payment ? platformPeriods(y, true) : quartersOf(y)));
  const free = all.filter((p) => !used.has(p.code));
  return rng.pick(free.length ? free : all).code;
}

export function badRevenue(ref: string, platform: PlatformDef, used: ReadonlySet<string>, plan: BadRowPlan, rng: Rng): RevenueRecord {
  const gross = rng.int(200, 9000) * 1000;
  const out: Record<string, FieldValue> = {
    seller_ref: ref,
    period: unusedPeriod(platform, used, rng),
    gross_revenue: gross,
    order_count: rng.int(1, 40),
    refunds: 0,
    fees: Math.round(gross * 0.08),
    vat_withheld: 0,
    pit_withheld: 0,
  };
  switch (plan.code) {
    case 'PERIOD_FORMAT':
      out.period = rng.pick(['2025-13', '2025-Q5', 'Q3/2025', '2025/07', '07-2025']);
      break;
    case 'PERIOD_IN_FUTURE':
      out.period = platform.payment ? rng.pick(['2026-12', '2027-01']) : '2027-Q1';
      break;
    case 'AMOUNT_NEGATIVE':
      out.gross_revenue = -gross;
      break;
    case 'AMOUNT_FORMAT':
      out.refunds = rng.pick(['1.250.000,50', '12tr', '3,5 triệu', '1e6']);
      break;
    case 'REQUIRED_FIELD_MISSING':
      out.period = '';
      break;
    default:
      throw new Error(`${plan.code} is not a revenue error`);
  }
  return out as RevenueRecord;
}
