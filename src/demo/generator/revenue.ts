/**
 * Platform revenue of one seller: yearly totals by tier, split over platforms, shops and periods, with
 * refunds, fees and (from 07/2025, on platforms with a payment function) VAT/PIT withheld.
 */
import { Account } from './accounts';
import { Period, platformPeriods, quartersOf } from './calendar';
import { Seller, Tier } from './people';
import { Rng } from './prng';
import { applyRate, CLEAR, ratesFor, revenueThreshold, TAX_YEARS } from './rules';

export interface RevenueRow {
  account: Account;
  period: Period;
  /** Net of refunds: what the rules compare. gross = net + refunds. */
  net: number;
  gross: number;
  refunds: number;
  orders: number;
  fees: number;
  vat: number;
  pit: number;
}

/**
 * Yearly totals (2026: January–September). Bands stay clear of every threshold they meet:
 * 2025 small ≤ 70M (0.7 × 100M), mid 130M–690M (above 1.3 × 100M, below 0.7 × 1 bn), large ≥ 1.31 bn;
 * 2026 small ≤ 690M (0.7 × 1 bn), large ≥ 1.31 bn.
 */
function yearTotal(tier: Tier, year: number, smallBehaviour: boolean, rng: Rng): number {
  if (tier === 'large') return rng.logInt(1_310_000_000, 8_000_000_000);
  if (year === 2025) return tier === 'mid' ? rng.logInt(131_000_000, 690_000_000) : rng.logInt(5_000_000, 69_000_000);
  return smallBehaviour ? rng.logInt(5_000_000, 120_000_000) : rng.logInt(30_000_000, 690_000_000);
}

/** Integer split of `total` proportional to `weights` (remainder to the largest weight). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - out.reduce((s, x) => s + x, 0);
  let biggest = 0;
  for (let i = 1; i < weights.length; i++) if (weights[i] > weights[biggest]) biggest = i;
  out[biggest] += rest;
  rest = 0;
  return out;
}

/** Per-platform totals of one year. */
function platformTotals(seller: Seller, tier: Tier, year: number, platforms: string[], rng: Rng): Map<string, number> {
  const threshold = revenueThreshold(year);
  const out = new Map<string, number>();
  if (tier === 'split') {
    // Each platform clearly below the threshold, their sum clearly above it.
    const k = platforms.length;
    const lo = Math.max(0.3, CLEAR.above / k + 0.01);
    for (const p of platforms) out.set(p, Math.round(rng.range(lo, CLEAR.below - 0.005) * threshold));
    return out;
  }
  const total = yearTotal(tier, year, seller.behaviour === 'small', rng);
  if (platforms.length === 1) return out.set(platforms[0], total);
  if (total >= CLEAR.above * threshold) {
    // One platform carries the seller clearly above the threshold on its own: not a split.
    const main = Math.max(Math.ceil(CLEAR.above * threshold) + 1, Math.round(total * rng.range(0.6, 0.9)));
    const rest = allocate(total - main, platforms.slice(1).map(() => rng.range(0.2, 1)));
    out.set(platforms[0], main);
    platforms.slice(1).forEach((p, i) => out.set(p, rest[i]));
    return out;
  }
  const parts = allocate(total, platforms.map(() => rng.range(0.2, 1)));
  platforms.forEach((p, i) => out.set(p, parts[i]));
  return out;
}

export function planRevenue(seller: Seller, accounts: Account[], rng: Rng): RevenueRow[] {
  const platforms = [...new Set(accounts.map((a) => a.platform.code))];
  const shape = accounts.map((a) => ({
    activity: a.misWithheld || seller.tiers[2025] === 'large' ? 1 : rng.range(0.45, 1),
    orderValue: rng.logInt(60_000, 900_000),
    feeRate: rng.range(0.03, 0.12),
    refundRate: rng.chance(0.6) ? rng.range(0, 0.06) : 0,
  }));
  const rows: RevenueRow[] = [];
  for (const year of TAX_YEARS) {
    const totals = platformTotals(seller, seller.tiers[year], year, platforms, rng);
    for (const code of platforms) {
      const mine = accounts.map((a, i) => [a, i] as const).filter(([a]) => a.platform.code === code);
      const perShop = allocate(totals.get(code) ?? 0, mine.map(() => rng.range(0.3, 1)));
      mine.forEach(([account, i], k) => rows.push(...periodRows(seller, account, shape[i], perShop[k], year, rng)));
    }
  }
  return rows;
}

function periodRows(
  seller: Seller,
  account: Account,
  shape: { activity: number; orderValue: number; feeRate: number; refundRate: number },
  total: number,
  year: number,
  rng: Rng,
): RevenueRow[] {
  if (total <= 0) return [];
  const platform = account.platform;
  const periods = platform.revenueFormat === 'dpi' ? quartersOf(year) : platformPeriods(year, platform.payment);
  const weights = periods.map((p) => {
    if (!rng.chance(shape.activity)) return 0;
    const season = p.months.includes(11) || p.months.includes(12) ? 1.3 : 1;
    return rng.range(0.4, 1.6) * p.months.length * season;
  });
  if (!weights.some((w) => w > 0)) weights[rng.int(0, weights.length - 1)] = 1;
  const amounts = allocate(total, weights);
  const out: RevenueRow[] = [];
  periods.forEach((period, i) => {
    const net = amounts[i];
    if (net <= 0) return;
    const refunds = Math.round(net * shape.refundRate * rng.range(0.5, 1.5));
    const gross = net + refunds;
    let vat = 0;
    let pit = 0;
    if (platform.payment && period.withholding && seller.kind === 'person') {
      const rates = account.misWithheld ? ratesFor(platform.bug!.applies) : ratesFor(account.reportedCategory);
      vat = applyRate(net, rates.vat);
      pit = applyRate(net, rates.pit);
    }
    out.push({
      account,
      period,
      net,
      gross,
      refunds,
      orders: Math.max(1, Math.round(gross / shape.orderValue)),
      fees: Math.round(gross * shape.feeRate),
      vat,
      pit,
    });
  });
  return out;
}

/** What the platform should have withheld on a row (0 for companies and outside the withholding era). */
export function expectedWithholding(row: RevenueRow, isPerson: boolean): { vat: number; pit: number } {
  const p = row.account.platform;
  if (!isPerson || !p.payment || !row.period.withholding) return { vat: 0, pit: 0 };
  const rates = ratesFor(row.account.reportedCategory);
  return { vat: applyRate(row.net, rates.vat), pit: applyRate(row.net, rates.pit) };
}
