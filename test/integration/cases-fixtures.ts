import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { piiSql } from '../../src/pii/pii-crypto';

/**
 * A world for officer case work, written straight into the pipeline's tables (as intake, the registry, identity
 * resolution and reconciliation would), with every number known. Personal IDs and phones are encrypted with the
 * configured keys exactly as intake stores them, so the reveal route has something real to decrypt.
 */
export const PERSON = { nationalId: '001085012345', phone: '+84912345678', sellerNationalId: '079190001234', sellerPhone: '0987654321' };

export interface CaseWorldIds {
  platformA: string;
  platformB: string;
  taxpayer: string;
  otherTaxpayer: string;
  sellerA: string;
  sellerB: string;
  entity: string;
  caseId: string;
}

export class CaseWorld {
  private row = 0;
  private batchId?: string;

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** A platform with the given code and display name. */
  async platform(code: string, name = code): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO platforms (code, name) VALUES ($1, $2) RETURNING id`, [code, name]);
    return id;
  }

  async taxpayer(t: { taxCode: string; name: string; nationalId?: string; phone?: string; address?: string; province?: string }): Promise<string> {
    const batch = await this.batch();
    const [{ id }] = await this.db.query(`INSERT INTO taxpayers (current_version) VALUES (1) RETURNING id::text AS id`);
    const { piiEncryptionKey: key, piiIndexKey: index } = this.config.secrets;
    await this.db.query(
      `INSERT INTO taxpayer_versions (taxpayer_id, version, batch_id, row_number, tax_code, national_id_enc, national_id_bidx, national_id_masked,
                                      name, phone_enc, phone_bidx, phone_masked, address, province_new_code, status, registered_on)
       VALUES ($1, 1, $2, $3, $4,
               CASE WHEN $5::text IS NULL THEN NULL ELSE ${piiSql.encrypt('$5::text', '$9')} END,
               CASE WHEN $5::text IS NULL THEN NULL ELSE ${piiSql.blindIndex('$5::text', '$10')} END,
               CASE WHEN $5::text IS NULL THEN NULL ELSE ${piiSql.mask('$5::text')} END,
               $6,
               CASE WHEN $7::text IS NULL THEN NULL ELSE ${piiSql.encrypt('$7::text', '$9')} END,
               CASE WHEN $7::text IS NULL THEN NULL ELSE ${piiSql.blindIndex('$7::text', '$10')} END,
               CASE WHEN $7::text IS NULL THEN NULL ELSE ${piiSql.mask('$7::text')} END,
               $8, $11, 'active', '2020-01-01')`,
      [id, batch, ++this.row, t.taxCode, t.nationalId ?? null, t.name, t.phone ?? null, t.address ?? null, key, index, t.province ?? null],
    );
    return id;
  }

  /** A platform seller with its current observation (encrypted ID and phone when given). */
  async seller(platformId: string, s: { ref: string; shopName: string; sellerName: string; taxCode?: string; nationalId?: string; phone?: string; province?: string; address?: string }): Promise<string> {
    const batch = await this.batch();
    const [{ id }] = await this.db.query(`INSERT INTO platform_sellers (platform_id, seller_ref, current_version) VALUES ($1, $2, 1) RETURNING id::text AS id`, [platformId, s.ref]);
    const { piiEncryptionKey: key, piiIndexKey: index } = this.config.secrets;
    const [obs] = await this.db.query(
      `INSERT INTO seller_observations (seller_id, batch_id, row_number, version, shop_name, seller_name, tax_code, national_id_enc, national_id_bidx,
                                        national_id_kind, national_id_masked, phone_enc, phone_bidx, phone_masked, address, province_new_code, category, is_resident)
       VALUES ($1, $2, $3, 1, $4, $5, $6,
               CASE WHEN $7::text IS NULL THEN NULL ELSE ${piiSql.encrypt('$7::text', '$11')} END,
               CASE WHEN $7::text IS NULL THEN NULL ELSE ${piiSql.blindIndex('$7::text', '$12')} END,
               CASE WHEN $7::text IS NULL THEN NULL ELSE 'cccd' END,
               CASE WHEN $7::text IS NULL THEN NULL ELSE ${piiSql.mask('$7::text')} END,
               CASE WHEN $8::text IS NULL THEN NULL ELSE ${piiSql.encrypt('$8::text', '$11')} END,
               CASE WHEN $8::text IS NULL THEN NULL ELSE ${piiSql.blindIndex('$8::text', '$12')} END,
               CASE WHEN $8::text IS NULL THEN NULL ELSE ${piiSql.mask('$8::text')} END,
               $9, $10, 'goods', true) RETURNING id`,
      [id, batch, ++this.row, s.shopName, s.sellerName, s.taxCode ?? null, s.nationalId ?? null, s.phone ?? null, s.address ?? null, s.province ?? null, key, index],
    );
    await this.db.query(`UPDATE platform_sellers SET current_observation_id = $2 WHERE id = $1`, [id, obs.id]);
    return id;
  }

  /** An entity over the shops, each shop linked as given, with the link recorded in match_history as identity resolution does. */
  async entity(sellerIds: string[], link: { taxpayerId: string | null; band: 'auto' | 'review' | 'none' | 'confirmed'; score: string | null }): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO seller_entities (taxpayer_id, band, score) VALUES ($1, $2, $3) RETURNING id`, [link.taxpayerId, link.band, link.score]);
    for (const sellerId of sellerIds) {
      await this.db.query(`INSERT INTO seller_entity_members (seller_id, entity_id) VALUES ($1, $2)`, [sellerId, id]);
      await this.db.query(`INSERT INTO seller_entity_history (seller_id, entity_id, assigned_by) VALUES ($1, $2, 'system')`, [sellerId, id]);
      const explanation = JSON.stringify({ fields: { tax_code: 'exact', name: 'same_words' }, matchWeight: 14.2 });
      await this.db.query(
        `INSERT INTO seller_links (seller_id, taxpayer_id, band, score, explanation, model_version, input_version, rule_version) VALUES ($1, $2, $3, $4, $5, 'fixture-model', 1, 'fixture-rules')`,
        [sellerId, link.taxpayerId, link.band, link.score, explanation],
      );
      await this.db.query(
        `INSERT INTO match_history (seller_id, seller_version, taxpayer_id, taxpayer_version, score, band, explanation, model_version, rule_version, decided_by)
         VALUES ($1, 1, $2, $3, $4, $5, $6, 'fixture-model', 'fixture-rules', 'system')`,
        [sellerId, link.taxpayerId, link.taxpayerId ? 1 : null, link.score, link.band, explanation],
      );
    }
    return id;
  }

  /** A case as reconciliation proposes it (status given directly: the transition tests need every starting status). */
  async case(entityId: string, c: { taxYear?: number; status?: string; estimate?: bigint; taxpayerId?: string | null; band?: string; confidence?: string | null; signals?: string[]; waitingOn?: string | null } = {}): Promise<string> {
    const [{ id }] = await this.db.query(
      `INSERT INTO cases (entity_id, tax_year, status, estimated_tax_at_risk, link_confidence, link_band, taxpayer_id, signal_codes, waiting_on, rule_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
      [entityId, c.taxYear ?? 2025, c.status ?? 'open', String(c.estimate ?? 12_345_678n), c.confidence === undefined ? '0.990000' : c.confidence,
        c.band ?? 'auto', c.taxpayerId ?? null, c.signals ?? ['UNDER_DECLARED'], c.waitingOn ?? null],
    );
    await this.db.query(
      `INSERT INTO case_events (case_id, actor_kind, actor, event, to_status, detail) VALUES ($1, 'system', 'reconciliation', 'proposed', 'open', '{}')`,
      [id],
    );
    return id;
  }

  /** A bare case on an entity of its own (no shops): what the transition tests need. */
  async bareCase(c: Parameters<CaseWorld['case']>[1] = {}): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO seller_entities (band) VALUES ('none') RETURNING id`);
    return this.case(id, c);
  }

  /** The full world of one case: two platforms, two shops of one person, a registered taxpayer, figures, a signal. */
  async standard(): Promise<CaseWorldIds> {
    const platformA = await this.platform('cho-tot-test', 'Chợ Tốt Test');
    const platformB = await this.platform('san-b-test', 'Sàn B Test');
    const taxpayer = await this.taxpayer({ taxCode: '0100109106', name: 'Nguyễn Văn An', nationalId: PERSON.nationalId, phone: PERSON.phone, address: '12 Lê Lợi, Hà Nội', province: '01' });
    const otherTaxpayer = await this.taxpayer({ taxCode: '0309478306', name: 'Trần Thị Bình', province: '79' });
    const sellerA = await this.seller(platformA, { ref: 'shop-a1', shopName: 'An Store', sellerName: 'Nguyen Van An', taxCode: '0100109106', nationalId: PERSON.sellerNationalId, phone: PERSON.sellerPhone, province: '79' });
    const sellerB = await this.seller(platformB, { ref: 'b-778', shopName: '=HYPERLINK("http://evil")', sellerName: 'An Nguyen', phone: PERSON.sellerPhone, province: '79' });
    const entity = await this.entity([sellerA, sellerB], { taxpayerId: taxpayer, band: 'auto', score: '0.995000' });
    await this.figures(entity, [sellerA, sellerB], [platformA, platformB]);
    const caseId = await this.case(entity, { taxpayerId: taxpayer, estimate: 12_345_678n, confidence: '0.995000', signals: ['UNDER_DECLARED'] });
    await this.db.query(`UPDATE signals SET case_id = $1 WHERE entity_id = $2`, [caseId, entity]);
    return { platformA, platformB, taxpayer, otherTaxpayer, sellerA, sellerB, entity, caseId };
  }

  /** Reconciliation's figures for 2025: two quarters on two platforms, one declaration, invoices, an UNDER_DECLARED signal. */
  private async figures(entity: string, sellers: string[], platforms: string[]): Promise<void> {
    const batch = await this.batch();
    const [decl] = await this.db.query(
      `INSERT INTO declarations (batch_id, row_number, taxpayer_bidx, period, period_start, declared_revenue, tax_paid, filed_on, version)
       VALUES ($1, $2, '\\x01', '2025-Q1', '2025-01-01', 100000000, 1500000, '2025-04-20', 1) RETURNING id::text AS id`,
      [batch, ++this.row],
    );
    await this.db.query(`INSERT INTO invoice_aggregates (seller_bidx, month, invoice_count, total_before_tax) VALUES ('\\xabcd', '2025-02-01', 3, 50000000)`);
    const quarters: Array<[string, number, bigint]> = [['2025-Q1', 0, 300_000_000n], ['2025-Q2', 1, 250_000_000n], ['2025-Q2', 0, 150_000_000n]];
    for (const [period, i, net] of quarters) {
      await this.db.query(
        `INSERT INTO entity_shop_quarters (seller_id, period, entity_id, tax_year, platform_id, source, gross, refunds, net, vat_withheld, pit_withheld, tax_withheld, withheld_revenue, observation_ids, category, is_resident)
         VALUES ($1, $2, $3, 2025, $4, 'quarter', $5, 0, $5, 0, 0, 0, 0, '{}', 'goods', true)`,
        [sellers[i], period, entity, platforms[i], String(net)],
      );
    }
    const common = `platform_refunds, withheld_vat, withheld_pit, withheld_total, withheld_revenue, lump_sum_revenue, declared_tax_paid, link_band, registration_status`;
    await this.db.query(
      `INSERT INTO entity_periods (entity_id, period, period_kind, tax_year, period_start, period_end, platform_gross, platform_net, platform_count, shop_count,
                                   declared_revenue, declaration_ids, invoiced_revenue, invoice_count, invoice_keys, ${common})
       VALUES ($1, '2025', 'year', 2025, '2025-01-01', '2025-12-31', 700000000, 700000000, 2, 2, 100000000, $2, 50000000, 3, '{abcd:2025-02}', 0, 0, 0, 0, 0, 0, 1500000, 'auto', 'registered'),
              ($1, '2025-Q1', 'quarter', 2025, '2025-01-01', '2025-03-31', 300000000, 300000000, 1, 1, 100000000, $2, 50000000, 3, '{abcd:2025-02}', 0, 0, 0, 0, 0, 0, 1500000, 'auto', 'registered')`,
      [entity, `{${decl.id}}`],
    );
    await this.db.query(
      `INSERT INTO signals (entity_id, tax_year, code, platform_revenue, declared_revenue, estimated_tax_at_risk, numbers, sources, rule_version, rule_value_ids, fingerprint)
       VALUES ($1, 2025, 'UNDER_DECLARED', 700000000, 100000000, 12345678, '{"R": "700000000", "C_due": "100000000"}', $2, 1, '{}', 'fixture')`,
      [entity, JSON.stringify({ declarationIds: [decl.id], shopIds: sellers })],
    );
  }

  private async batch(): Promise<string> {
    if (this.batchId) return this.batchId;
    const [user] = await this.db.query(`INSERT INTO users (name, role) VALUES ($1, 'authority') RETURNING id`, [`fixture-feed-${randomBytes(3).toString('hex')}`]);
    const [credential] = await this.db.query(
      `INSERT INTO credentials (key_prefix, key_hash, role, user_id) VALUES ($1, $2, 'authority', $3) RETURNING id`,
      [randomBytes(6).toString('hex'), randomBytes(32), user.id],
    );
    const [{ id }] = await this.db.query(
      `INSERT INTO batches (scope, submitted_by, kind, format, idempotency_key, content_sha256, byte_size, state)
       VALUES ('authority', $1, 'taxpayers', 'csv', $2, 'fixture', 0, 'done') RETURNING id`,
      [credential.id, randomBytes(8).toString('hex')],
    );
    this.batchId = id;
    return id;
  }
}
