import { createHash, randomBytes } from 'node:crypto';
import { blindIndex } from '../../src/pii/pii-crypto';
import { DataSource } from 'typeorm';

/**
 * Writes the pipeline's contract tables (migrations/1795400000100-CoreData.ts) directly, as intake, the registry
 * and identity resolution would, so reconciliation can be tested on a world whose every number is known.
 * Blind indexes are plain hashes unless the PII index key is given (then they are the real HMAC, so data pushed
 * through the real intake, e.g. e-invoices, lands on the same taxpayers).
 */
export interface RevenueRow {
  gross: bigint;
  refunds?: bigint;
  vat?: bigint;
  pit?: bigint;
}

export class ReconFixture {
  private row = 0;
  private batchId?: string;
  private credentialId?: string;
  private readonly platforms = new Map<string, string>();

  constructor(
    private readonly db: DataSource,
    private readonly indexKey?: Buffer,
  ) {}

  bidx(identifier: string): Buffer {
    return this.indexKey ? blindIndex(identifier, this.indexKey) : createHash('sha256').update(identifier).digest().subarray(0, 16);
  }

  async platform(code: string): Promise<string> {
    const known = this.platforms.get(code);
    if (known) return known;
    const [{ id }] = await this.db.query(`INSERT INTO platforms (code, name) VALUES ($1, $1) RETURNING id`, [code]);
    this.platforms.set(code, id);
    return id;
  }

  /** A platform seller (shop) with its current observation. */
  async seller(platformCode: string, ref: string, obs: { category?: string | null; taxCode?: string; taxCodeError?: string; resident?: boolean; noIdentifier?: boolean } = {}): Promise<string> {
    const platformId = await this.platform(platformCode);
    const batch = await this.batch();
    const [{ id }] = await this.db.query(`INSERT INTO platform_sellers (platform_id, seller_ref, current_version, matched_version) VALUES ($1, $2, 1, 1) RETURNING id`, [platformId, ref]);
    const taxCode = obs.noIdentifier ? null : obs.taxCode ?? `T${ref}`;
    const [observation] = await this.db.query(
      `INSERT INTO seller_observations (seller_id, batch_id, row_number, version, shop_name, seller_name, tax_code, tax_code_error, tax_code_bidx, category, is_resident)
       VALUES ($1, $2, $3, 1, $4, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [id, batch, ++this.row, `shop ${ref}`, taxCode, obs.taxCodeError ?? null, taxCode ? this.bidx(taxCode) : null, obs.category === undefined ? 'goods' : obs.category, obs.resident ?? true],
    );
    await this.db.query(`UPDATE platform_sellers SET current_observation_id = $2 WHERE id = $1`, [id, observation.id]);
    return String(id);
  }

  /** A revenue report (quarter 'YYYY-Qn' or month 'YYYY-MM'); replaces the current one of the same period. */
  async revenue(sellerId: string, period: string, r: RevenueRow): Promise<string> {
    const batch = await this.batch();
    const start = periodStart(period);
    const [{ v }] = await this.db.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM revenue_observations WHERE seller_id = $1 AND period = $2`, [sellerId, period]);
    const values = [String(r.gross), String(r.refunds ?? 0n), String(r.vat ?? 0n), String(r.pit ?? 0n)];
    const [{ id }] = await this.db.query(
      `INSERT INTO revenue_observations (seller_id, batch_id, row_number, period, period_start, version, gross_revenue, refunds, vat_withheld, pit_withheld, tax_withheld)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9::bigint + $10::bigint) RETURNING id`,
      [sellerId, batch, ++this.row, period, start, v, ...values],
    );
    await this.db.query(
      `INSERT INTO current_revenue (seller_id, period, period_start, observation_id, version, gross_revenue, refunds, fees, vat_withheld, pit_withheld, tax_withheld)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $8::bigint + $9::bigint)
       ON CONFLICT (seller_id, period) DO UPDATE SET observation_id = EXCLUDED.observation_id, version = EXCLUDED.version,
         gross_revenue = EXCLUDED.gross_revenue, refunds = EXCLUDED.refunds, vat_withheld = EXCLUDED.vat_withheld,
         pit_withheld = EXCLUDED.pit_withheld, tax_withheld = EXCLUDED.tax_withheld, changed_at = now()`,
      [sellerId, period, start, id, v, ...values],
    );
    return String(id);
  }

  /** A registered taxpayer known by the given identifiers (the first is its current tax code). */
  async taxpayer(identifiers: string[], t: { status?: string; registeredOn?: string; category?: string | null; name?: string } = {}): Promise<string> {
    const batch = await this.batch();
    const [{ id }] = await this.db.query(`INSERT INTO taxpayers (current_version) VALUES (1) RETURNING id`);
    await this.db.query(
      `INSERT INTO taxpayer_versions (taxpayer_id, version, batch_id, row_number, tax_code, name, status, registered_on, business_category)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, batch, ++this.row, identifiers[0], t.name ?? `taxpayer ${identifiers[0]}`, t.status ?? 'active', t.registeredOn ?? '2020-01-01', t.category ?? null],
    );
    for (const [i, identifier] of identifiers.entries()) {
      await this.db.query(`INSERT INTO taxpayer_identifiers (bidx, taxpayer_id, kind, tax_code, batch_id) VALUES ($1, $2, $3, $4, $5)`, [
        this.bidx(identifier), id, i === 0 ? 'tax_code' : 'previous_tax_code', identifier, batch,
      ]);
    }
    return String(id);
  }

  async declaration(identifier: string, period: string, declared: bigint, d: { version?: number; filedOn?: string; method?: 'declaration' | 'lump_sum' } = {}): Promise<string> {
    const batch = await this.batch();
    const [{ id }] = await this.db.query(
      `INSERT INTO declarations (batch_id, row_number, taxpayer_bidx, taxpayer_id, period, period_start, declared_revenue, filed_on, version, filing_method)
       SELECT $1, $2, $3, (SELECT taxpayer_id FROM taxpayer_identifiers WHERE bidx = $3), $4, $5, $6, $7, $8, $9 RETURNING id`,
      [batch, ++this.row, this.bidx(identifier), period, periodStart(period), String(declared), d.filedOn ?? null, d.version ?? 1, d.method ?? 'declaration'],
    );
    return String(id);
  }

  async invoices(identifier: string, month: string, totalBeforeTax: bigint, count = 1): Promise<void> {
    await this.db.query(
      `INSERT INTO invoice_aggregates (seller_bidx, month, invoice_count, total_before_tax) VALUES ($1, $2, $3, $4)
       ON CONFLICT (seller_bidx, month) DO UPDATE SET invoice_count = EXCLUDED.invoice_count, total_before_tax = EXCLUDED.total_before_tax, changed_at = now()`,
      [this.bidx(identifier), `${month}-01`, count, String(totalBeforeTax)],
    );
  }

  /** A seller entity over the given shops, linked (or not) to a taxpayer, with each shop's link. */
  async entity(sellerIds: string[], link: { taxpayerId?: string; band: 'auto' | 'review' | 'none' | 'confirmed'; score?: string }): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO seller_entities (taxpayer_id, band, score) VALUES ($1, $2, $3) RETURNING id`, [link.taxpayerId ?? null, link.band, link.score ?? null]);
    for (const sellerId of sellerIds) {
      await this.db.query(`INSERT INTO seller_entity_members (seller_id, entity_id) VALUES ($1, $2)`, [sellerId, id]);
      await this.db.query(
        `INSERT INTO seller_links (seller_id, taxpayer_id, band, score, model_version, input_version) VALUES ($1, $2, $3, $4, 'fixture', 1)`,
        [sellerId, link.taxpayerId ?? null, link.band, link.score ?? null],
      );
    }
    return id;
  }

  private async batch(): Promise<string> {
    if (this.batchId) return this.batchId;
    const platformId = await this.platform('fixture-platform');
    const [credential] = await this.db.query(
      `INSERT INTO credentials (key_prefix, key_hash, role, platform_id) VALUES ($1, $2, 'platform', $3) RETURNING id`,
      [randomBytes(6).toString('hex'), randomBytes(32), platformId],
    );
    this.credentialId = credential.id;
    const [{ id }] = await this.db.query(
      `INSERT INTO batches (scope, platform_id, submitted_by, kind, format, idempotency_key, content_sha256, byte_size, state)
       VALUES ($1, $2, $3, 'revenue', 'csv', $4, 'fixture', 0, 'done') RETURNING id`,
      [`platform:${platformId}`, platformId, this.credentialId, randomBytes(8).toString('hex')],
    );
    this.batchId = id;
    return id;
  }
}

function periodStart(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return `${period}-01`;
}
