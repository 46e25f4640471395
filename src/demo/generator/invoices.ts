/**
 * E-invoices a registered seller issues. Compliant sellers at or above 1 billion invoice 80–110 % of
 * their platform revenue; companies 95–120 %; invoice-gap sellers nothing or 10–30 %. A few invoices are
 * replaced by a later one (TTHDLQuan / `replaces`): only the replacing invoice counts.
 */
import { daysInMonth, epochDay, epochDayOf, LAST_MONTH } from './calendar';
import { Conduct } from './declarations';
import { Seller } from './people';
import { Rng } from './prng';
import { allocate, RevenueRow } from './revenue';
import { INVOICE_MANDATORY_REVENUE, TAX_YEARS } from './rules';

export interface Invoice {
  sellerCode: string;
  form: 1 | 2;
  series: string;
  number: number;
  issuedDay: number;
  /** Filler index of a company buyer, or -1 for a consumer. */
  buyer: number;
  buyerCode: string;
  /** VAT rate in percent (0 for sales invoices of household businesses). */
  vatRate: number;
  before: number;
  tax: number;
  payable: number;
  replaces: Invoice | null;
  /** Another invoice replaces this one: it no longer counts. */
  replaced: boolean;
}

export interface BuyerSource {
  fillers: number;
  isBusiness(j: number): boolean;
  taxCode(j: number): string;
}

const MIGRATION_DAY = epochDay('2025-07-01');

export function invoiceKey(inv: Pick<Invoice, 'form' | 'series' | 'number'>): string {
  return `${inv.form}/${inv.series}/${inv.number}`;
}

function invoiceRatio(seller: Seller, conduct: Conduct, total: number, voluntary: boolean, rng: Rng): number {
  if (!seller.reg || total <= 0) return 0;
  if (seller.kind === 'business') return rng.range(0.95, 1.2);
  if (seller.behaviour === 'small') return 0;
  const mandatory = total >= INVOICE_MANDATORY_REVENUE;
  if (seller.behaviour === 'invoice_gap') return rng.chance(0.5) ? 0 : rng.range(0.1, 0.3);
  if (conduct.evasion !== null) return mandatory && rng.chance(0.4) ? rng.range(0.1, 0.3) : 0;
  if (mandatory) return rng.range(0.8, 1.1);
  return voluntary ? rng.range(0.8, 1.05) : 0;
}

export function planInvoices(seller: Seller, rows: readonly RevenueRow[], conduct: Conduct, buyers: BuyerSource, rng: Rng): Invoice[] {
  const reg = seller.reg;
  if (!reg) return [];
  const out: Invoice[] = [];
  const voluntary = rng.chance(0.2);
  const coded = rng.chance(0.85);
  const letters = String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25));
  const typeLetter = rng.chance(0.8) ? 'T' : 'M';
  const form: 1 | 2 = seller.kind === 'business' ? 1 : 2;
  const vatRate = form === 1 ? (rng.chance(0.7) ? 8 : 10) : 0;
  const counters = new Map<string, number>();
  const registeredDay = epochDay(reg.registeredOn);
  for (const year of TAX_YEARS) {
    const total = rows.reduce((s, r) => (r.period.year === year ? s + r.net : s), 0);
    const ratio = invoiceRatio(seller, conduct, total, voluntary, rng);
    if (ratio <= 0) continue;
    const lastMonth = year === LAST_MONTH.year ? LAST_MONTH.month : 12;
    const months: number[] = [];
    for (let m = 1; m <= lastMonth; m++) if (epochDayOf(year, m, daysInMonth(year, m)) > registeredDay) months.push(m);
    if (!months.length) continue;
    const perMonth = allocate(Math.round(total * ratio), months.map(() => rng.range(0.5, 1.5)));
    const series = `${coded ? 'C' : 'K'}${String(year % 100).padStart(2, '0')}${typeLetter}${letters}`;
    const yearEnd = epochDayOf(year, lastMonth, daysInMonth(year, lastMonth));
    months.forEach((month, mi) => {
      const count = seller.kind === 'business' ? rng.int(1, 5) : total >= INVOICE_MANDATORY_REVENUE ? rng.int(1, 4) : rng.int(1, 2);
      const amounts = allocate(perMonth[mi], Array.from({ length: count }, () => rng.range(0.3, 1.7)));
      const first = Math.max(epochDayOf(year, month, 1), registeredDay + 1);
      const days = amounts.map(() => rng.int(first, epochDayOf(year, month, daysInMonth(year, month)))).sort((a, b) => a - b);
      amounts.forEach((amount, k) => {
        const before = Math.max(1000, Math.floor(amount / 1000) * 1000);
        const inv = issue(seller, series, form, vatRate, before, days[k], counters, buyers, rng);
        out.push(inv);
        if (rng.chance(0.004)) {
          inv.replaced = true;
          const day = Math.min(yearEnd, days[k] + rng.int(1, 10));
          const corrected = rng.chance(0.5) ? before : Math.max(1000, Math.round((before * rng.range(0.9, 1.1)) / 1000) * 1000);
          const replacement = issue(seller, series, form, vatRate, corrected, day, counters, buyers, rng, inv.sellerCode);
          replacement.buyer = inv.buyer;
          replacement.buyerCode = inv.buyerCode;
          replacement.replaces = inv;
          out.push(replacement);
        }
      });
    });
  }
  return out;
}

function issue(
  seller: Seller,
  series: string,
  form: 1 | 2,
  vatRate: number,
  before: number,
  day: number,
  counters: Map<string, number>,
  buyers: BuyerSource,
  rng: Rng,
  /** A replacement is issued under the same seller code as the invoice it replaces. */
  sameSellerAs?: string,
): Invoice {
  const reg = seller.reg!;
  let sellerCode = reg.taxCode;
  if (seller.kind === 'business' && reg.branches.length && rng.chance(0.3)) sellerCode = rng.pick(reg.branches).code;
  if (seller.kind === 'person' && reg.oldCode && day < MIGRATION_DAY) sellerCode = reg.oldCode;
  if (sameSellerAs) sellerCode = sameSellerAs;
  const key = `${sellerCode}|${series}`;
  const number = (counters.get(key) ?? 0) + 1;
  counters.set(key, number);
  let buyer = -1;
  let buyerCode = '';
  if (buyers.fillers > 0 && rng.chance(seller.kind === 'business' ? 0.4 : 0.08)) {
    for (let t = 0; t < 10; t++) {
      const j = rng.int(0, buyers.fillers - 1);
      if (buyers.isBusiness(j)) {
        buyer = j;
        buyerCode = buyers.taxCode(j);
        break;
      }
    }
  }
  const tax = Math.round((before * vatRate) / 100);
  return { sellerCode, form, series, number, issuedDay: day, buyer, buyerCode, vatRate, before, tax, payable: before + tax, replaces: null, replaced: false };
}

/** Invoiced total of a year: every invoice issued in it that no other invoice replaces. */
export function invoicedIn(invoices: readonly Invoice[], year: number): number {
  const lo = epochDayOf(year, 1, 1);
  const hi = epochDayOf(year, 12, 31);
  let sum = 0;
  for (const inv of invoices) if (!inv.replaced && inv.issuedDay >= lo && inv.issuedDay <= hi) sum += inv.before;
  return sum;
}
