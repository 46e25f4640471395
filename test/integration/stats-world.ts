import { DataSource } from 'typeorm';
import { ReconFixture, RevenueRow } from './reconciliation-fixtures';

export const M = 1_000_000n;

/**
 * The small world of the self-declaration tests, written into the contract tables (through reconciliation's own
 * test fixture, plus the columns it leaves out: province, first seen, tax paid). Every figure the tests expect is
 * worked out by hand from these rows in stats-self-declaration.int-spec.ts.
 *
 * | entity | link | shops (platform, province, category, first seen) | 2025 revenue | declared / withheld |
 * |---|---|---|---|---|
 * | A | none | chomoi 79 goods, Q1 | Q1 80M, Q2 70M | – |
 * | B | auto, registered 2020 | chomoi old 74 (→ 79) goods, Q1 | 100M each quarter | 100M each quarter, tax 1.5M each |
 * | C | auto, registered 2025-05-10 | chomoi 79 services Q1; phomua 01 services Q2 | Q1 60M (chomoi), Q2 90M (phomua), Q3 40M + 60M | Q3 50M, tax 1,000,001 |
 * | D | review | phomua, no province, no category, Q2 | Q2 300M | – |
 * | E | none | chomoi 79 goods, Q2 | Q2 150M − 60M refunds | – |
 * | F | confirmed, registered 2019 | phomua 79 goods, (first seen from revenue: 2025-08) | 2025-08 20M, withheld 200k + 100k | – |
 * | G | none | chomoi 01 goods, (first seen from revenue: 2025-07) | 2025-07 80M, withheld 800k + 400k | – |
 * | H | auto, registered 2025-08-15 | phomua 01 goods, Q3 | Q4 300M | – |
 */
export type WorldEntity = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H';

interface ShopSpec {
  platform: string;
  ref: string;
  province?: { newCode?: string; oldCode?: string };
  category?: string | null;
  firstSeen?: string;
  taxCode?: string;
  revenue: Array<[period: string, row: RevenueRow]>;
}

export class StatsWorld {
  readonly fx: ReconFixture;
  readonly entities = {} as Record<WorldEntity, string>;
  readonly sellers = new Map<string, string>();

  constructor(private readonly db: DataSource) {
    this.fx = new ReconFixture(db);
  }

  async build(): Promise<void> {
    await this.add('A', [{ platform: 'chomoi', ref: 'A1', province: { newCode: '79' }, firstSeen: '2025-01-01', revenue: [['2025-Q1', { gross: 80n * M }], ['2025-Q2', { gross: 70n * M }]] }], { band: 'none' });
    const tb = await this.fx.taxpayer(['0100109106'], { registeredOn: '2020-03-01', category: 'goods' });
    await this.add('B', [{ platform: 'chomoi', ref: 'B1', taxCode: '0100109106', province: { oldCode: '74' }, firstSeen: '2025-01-01', revenue: [1, 2, 3, 4].map((n) => [`2025-Q${n}`, { gross: 100n * M }] as [string, RevenueRow]) }], { band: 'auto', taxpayerId: tb, score: '0.990000' });
    for (const n of [1, 2, 3, 4]) await this.declare('0100109106', `2025-Q${n}`, 100n * M, 1_500_000n);
    const tc = await this.fx.taxpayer(['0309478306'], { registeredOn: '2025-05-10' });
    await this.add('C', [
      { platform: 'chomoi', ref: 'C1', taxCode: '0309478306', category: 'services', province: { newCode: '79' }, firstSeen: '2025-01-01', revenue: [['2025-Q1', { gross: 60n * M }], ['2025-Q3', { gross: 40n * M }]] },
      { platform: 'phomua', ref: 'C2', taxCode: '0309478306', category: 'services', province: { newCode: '01' }, firstSeen: '2025-04-01', revenue: [['2025-Q2', { gross: 90n * M }], ['2025-Q3', { gross: 60n * M }]] },
    ], { band: 'auto', taxpayerId: tc, score: '0.970000' });
    await this.declare('0309478306', '2025-Q3', 50n * M, 1_000_001n);
    const td = await this.fx.taxpayer(['0313028740']);
    await this.add('D', [{ platform: 'phomua', ref: 'D1', category: null, firstSeen: '2025-04-01', revenue: [['2025-Q2', { gross: 300n * M }]] }], { band: 'review', taxpayerId: td, score: '0.700000' });
    await this.add('E', [{ platform: 'chomoi', ref: 'E1', province: { newCode: '79' }, firstSeen: '2025-04-01', revenue: [['2025-Q2', { gross: 150n * M, refunds: 60n * M }]] }], { band: 'none' });
    const tf = await this.fx.taxpayer(['0106324653'], { registeredOn: '2019-06-01' });
    await this.add('F', [{ platform: 'phomua', ref: 'F1', taxCode: '0106324653', province: { newCode: '79' }, revenue: [['2025-08', { gross: 20n * M, vat: 200_000n, pit: 100_000n }]] }], { band: 'confirmed', taxpayerId: tf });
    await this.add('G', [{ platform: 'chomoi', ref: 'G1', province: { newCode: '01' }, revenue: [['2025-07', { gross: 80n * M, vat: 800_000n, pit: 400_000n }]] }], { band: 'none' });
    const th = await this.fx.taxpayer(['0101243150'], { registeredOn: '2025-08-15' });
    await this.add('H', [{ platform: 'phomua', ref: 'H1', taxCode: '0101243150', province: { newCode: '01' }, firstSeen: '2025-07-01', revenue: [['2025-Q4', { gross: 300n * M }]] }], { band: 'auto', taxpayerId: th, score: '0.980000' });
  }

  async declare(taxCode: string, period: string, revenue: bigint, taxPaid: bigint): Promise<void> {
    const id = await this.fx.declaration(taxCode, period, revenue);
    await this.db.query(`UPDATE declarations SET tax_paid = $2 WHERE id = $1`, [id, String(taxPaid)]);
  }

  private async add(name: WorldEntity, shops: ShopSpec[], link: Parameters<ReconFixture['entity']>[1]): Promise<void> {
    const ids: string[] = [];
    for (const shop of shops) {
      const id = await this.fx.seller(shop.platform, shop.ref, { category: shop.category, taxCode: shop.taxCode });
      await this.db.query(`UPDATE seller_observations SET province_new_code = $2, province_old_code = $3 WHERE seller_id = $1`, [id, shop.province?.newCode ?? null, shop.province?.oldCode ?? null]);
      await this.db.query(`UPDATE platform_sellers SET first_seen_period_start = $2 WHERE id = $1`, [id, shop.firstSeen ?? null]);
      for (const [period, row] of shop.revenue) await this.fx.revenue(id, period, row);
      this.sellers.set(shop.ref, id);
      ids.push(id);
    }
    this.entities[name] = await this.fx.entity(ids, link);
  }
}
