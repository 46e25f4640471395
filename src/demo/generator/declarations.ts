/**
 * Declarations a registered seller files with the authority. Compliant sellers declare 98–100 % of the
 * revenue nobody withheld on; evaders bring declared + withheld to 20–60 % (never above 75 %) of
 * platform revenue, or to nothing. Coverage is set after the revenue is known, so it always lands in a
 * band that no tolerance decimal can move.
 */
import { dueDate, epochDay, isoDate, monthsOf, Period, quartersOf } from './calendar';
import { Seller } from './people';
import { Rng } from './prng';
import { allocate, RevenueRow } from './revenue';
import { applyRate, CLEAR, ratesFor, revenueThreshold, TAX_YEARS } from './rules';

export interface Declaration {
  taxCode: string;
  period: string;
  declared: number;
  taxPaid: number;
  filedOn: string;
}

/** How a seller treats the authority, fixed once per seller. */
export interface Conduct {
  /** Declared + withheld target share of platform revenue; null = compliant (98–100 %). */
  evasion: number | null;
  /** Small registered sellers may not bother to declare (no obligation below the threshold). */
  declaresWhenSmall: boolean;
  monthlyFiler2025: boolean;
  /** Keeps filing under the old 10-digit code after the move to the personal ID. */
  stickyOldCode: boolean;
}

export function drawConduct(seller: Seller, rng: Rng): Conduct {
  let evasion: number | null = null;
  if (seller.behaviour === 'under_declarer') evasion = rng.range(0.2, 0.6);
  else if (seller.behaviour === 'non_filer') evasion = 0;
  else if (seller.behaviour === 'split' && rng.chance(0.5)) evasion = 0;
  return {
    evasion,
    declaresWhenSmall: rng.chance(0.6),
    monthlyFiler2025: seller.kind === 'person' && rng.chance(0.15),
    stickyOldCode: rng.chance(0.3),
  };
}

export function planDeclarations(seller: Seller, rows: readonly RevenueRow[], conduct: Conduct, asOf: string, rng: Rng): Declaration[] {
  const reg = seller.reg;
  if (!reg) return [];
  const out: Declaration[] = [];
  const asOfDay = epochDay(asOf);
  const registeredDay = epochDay(reg.registeredOn);
  for (const year of TAX_YEARS) {
    const quarters = quartersOf(year);
    const total = new Array<number>(quarters.length).fill(0);
    const uncovered = new Array<number>(quarters.length).fill(0);
    for (const r of rows) {
      if (r.period.year !== year) continue;
      total[r.period.quarter - 1] += r.net;
      if (r.vat + r.pit === 0) uncovered[r.period.quarter - 1] += r.net;
    }
    const T = total.reduce((s, x) => s + x, 0);
    const U = uncovered.reduce((s, x) => s + x, 0);
    const W = T - U;
    const above = T > revenueThreshold(year);
    // 2026: below the threshold a seller only notifies annual revenue by 31/01/2027.
    if (year === 2026 && !above && seller.kind === 'person') continue;
    let declared: number;
    let base = uncovered;
    if (seller.kind === 'business') {
      declared = Math.round(T * rng.range(1.0, 1.5)); // a company declares all its sales, offline too
      base = total;
    } else if (!above && seller.behaviour === 'small') {
      declared = conduct.declaresWhenSmall ? Math.round(U * rng.range(0.98, 1)) : 0;
    } else if (conduct.evasion !== null && T > 0 && W / T <= CLEAR.coverageLow) {
      declared = Math.max(0, Math.round(conduct.evasion * T - W));
    } else {
      declared = Math.round(U * rng.range(0.98, 1));
    }
    if (declared <= 0) continue;
    const perQuarter = allocate(declared, base);
    quarters.forEach((q, i) => {
      if (perQuarter[i] <= 0) return;
      const parts = year === 2025 && conduct.monthlyFiler2025 ? monthsOf(year).filter((m) => m.quarter === q.quarter) : [q];
      const amounts = allocate(perQuarter[i], parts.map(() => rng.range(0.5, 1.5)));
      parts.forEach((p, k) => {
        if (amounts[k] <= 0) return;
        const filed = filingDay(p, registeredDay, asOfDay, rng);
        const rates = ratesFor(seller.category);
        const taxPaid =
          seller.kind === 'business' ? Math.round(amounts[k] * rng.range(0.015, 0.04)) : above ? applyRate(amounts[k], rates.vat + rates.pit) : 0;
        out.push({ taxCode: filingCode(seller, filed, conduct), period: p.code, declared: amounts[k], taxPaid, filedOn: isoDate(filed) });
      });
    });
  }
  return out;
}

function filingDay(p: Period, registeredDay: number, asOfDay: number, rng: Rng): number {
  const due = dueDate(p);
  let day = rng.chance(0.1) ? due + rng.int(1, 45) : due - rng.int(0, p.kind === 'quarter' ? 25 : 15);
  if (day <= registeredDay) day = registeredDay + rng.int(1, 20); // late registrants file the backlog
  if (day >= asOfDay) day = asOfDay - rng.int(1, 10);
  return day;
}

const MIGRATION_DAY = epochDay('2025-07-01');

/** The code on the return: the 10-digit code before 07/2025, the personal ID after (some keep the old one). */
function filingCode(seller: Seller, filedDay: number, conduct: Conduct): string {
  const reg = seller.reg!;
  if (!reg.oldCode) return reg.taxCode;
  if (filedDay < MIGRATION_DAY) return reg.oldCode;
  return conduct.stickyOldCode ? reg.oldCode : reg.taxCode;
}

