import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data the pipeline stages hand to one another (the contract between capabilities):
 * platform sellers and their versioned observations, revenue, the taxpayer registry with every identifier,
 * declarations, e-invoice aggregates, seller entities and their links to taxpayers.
 *
 * Conventions:
 * - observations are appended, never updated; `current_*` tables point at the latest version;
 * - personal IDs (9/12 digits) and phones are stored only as `*_enc` (AES, see src/pii) + `*_bidx` (HMAC blind
 *   index, 16 bytes) + `*_masked`; 10/13-digit tax codes are kept in clear and also blind-indexed, so one join on
 *   `*_bidx` finds a taxpayer whatever identifier a platform reported;
 * - money is whole VND in bigint; periods are text (`YYYY-Qn` / `YYYY-MM`) with their start date beside them.
 */
export class CoreData1795400000100 implements MigrationInterface {
  name = 'CoreData1795400000100';

  async up(db: QueryRunner): Promise<void> {
    // ---- platform sellers -------------------------------------------------------------------------------
    await db.query(`
      CREATE TABLE platform_sellers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        platform_id uuid NOT NULL REFERENCES platforms (id),
        seller_ref text NOT NULL,
        current_observation_id bigint,
        current_version integer NOT NULL DEFAULT 0,
        is_active boolean NOT NULL DEFAULT true,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        first_seen_period_start date,
        changed_at timestamptz NOT NULL DEFAULT now(),
        matched_version integer NOT NULL DEFAULT 0
      )`);
    await db.query(`CREATE UNIQUE INDEX platform_sellers_ref_key ON platform_sellers (platform_id, seller_ref)`);
    await db.query(`CREATE INDEX platform_sellers_unmatched_idx ON platform_sellers (id) WHERE matched_version < current_version`);

    await db.query(`
      CREATE TABLE seller_observations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        batch_id uuid NOT NULL REFERENCES batches (id),
        row_number integer NOT NULL,
        version integer NOT NULL,
        is_deleted boolean NOT NULL DEFAULT false,
        shop_name text,
        seller_name text,
        tax_code text,
        tax_code_error text,
        tax_code_bidx bytea,
        national_id_enc bytea,
        national_id_bidx bytea,
        national_id_kind text CHECK (national_id_kind IN ('cccd', 'cmnd', 'passport', 'unknown')),
        national_id_masked text,
        phone_enc bytea,
        phone_bidx bytea,
        phone_masked text,
        email text,
        address text,
        province_raw text,
        province_old_code text,
        province_new_code text,
        date_of_birth date,
        category text CHECK (category IN ('goods', 'services', 'production_transport', 'leasing', 'digital_content', 'other')),
        is_resident boolean,
        doc_ref_id text,
        corr_doc_ref_id text,
        observed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX seller_observations_version_key ON seller_observations (seller_id, version)`);
    await db.query(`CREATE UNIQUE INDEX seller_observations_batch_row_key ON seller_observations (batch_id, row_number)`);

    // ---- revenue ------------------------------------------------------------------------------------------
    await db.query(`
      CREATE TABLE revenue_observations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        batch_id uuid NOT NULL REFERENCES batches (id),
        row_number integer NOT NULL,
        period text NOT NULL,
        period_start date NOT NULL,
        version integer NOT NULL,
        is_deleted boolean NOT NULL DEFAULT false,
        gross_revenue bigint NOT NULL CHECK (gross_revenue >= 0),
        order_count integer,
        refunds bigint NOT NULL DEFAULT 0 CHECK (refunds >= 0),
        fees bigint NOT NULL DEFAULT 0 CHECK (fees >= 0),
        vat_withheld bigint NOT NULL DEFAULT 0 CHECK (vat_withheld >= 0),
        pit_withheld bigint NOT NULL DEFAULT 0 CHECK (pit_withheld >= 0),
        activity text,
        doc_ref_id text,
        corr_doc_ref_id text,
        observed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX revenue_observations_version_key ON revenue_observations (seller_id, period, version)`);
    await db.query(`CREATE INDEX revenue_observations_batch_idx ON revenue_observations (batch_id)`);

    await db.query(`
      CREATE TABLE current_revenue (
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        period text NOT NULL,
        period_start date NOT NULL,
        observation_id bigint NOT NULL REFERENCES revenue_observations (id),
        version integer NOT NULL,
        gross_revenue bigint NOT NULL,
        refunds bigint NOT NULL,
        order_count integer,
        fees bigint NOT NULL,
        vat_withheld bigint NOT NULL,
        pit_withheld bigint NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (seller_id, period)
      )`);
    await db.query(`CREATE INDEX current_revenue_period_idx ON current_revenue (period_start)`);

    // ---- taxpayer registry --------------------------------------------------------------------------------
    await db.query(`
      CREATE TABLE taxpayers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        current_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE taxpayer_versions (
        taxpayer_id bigint NOT NULL REFERENCES taxpayers (id),
        version integer NOT NULL,
        batch_id uuid NOT NULL REFERENCES batches (id),
        row_number integer NOT NULL,
        tax_code text,
        national_id_enc bytea,
        national_id_bidx bytea,
        national_id_masked text,
        name text NOT NULL,
        date_of_birth date,
        phone_enc bytea,
        phone_bidx bytea,
        phone_masked text,
        email text,
        address text,
        province_raw text,
        province_old_code text,
        province_new_code text,
        business_category text,
        status text NOT NULL CHECK (status IN ('active', 'suspended', 'closed', 'ceased_not_closed', 'not_at_address', 'waiting_id_update')),
        registered_on date,
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_to timestamptz,
        PRIMARY KEY (taxpayer_id, version)
      )`);
    await db.query(`CREATE INDEX taxpayer_versions_current_idx ON taxpayer_versions (taxpayer_id) WHERE valid_to IS NULL`);

    // Every identifier a taxpayer is known by (current tax code, previous codes, personal ID, old CMND): one row each.
    await db.query(`
      CREATE TABLE taxpayer_identifiers (
        bidx bytea PRIMARY KEY,
        taxpayer_id bigint NOT NULL REFERENCES taxpayers (id),
        kind text NOT NULL CHECK (kind IN ('tax_code', 'previous_tax_code', 'personal_id', 'cmnd')),
        tax_code text,
        batch_id uuid NOT NULL REFERENCES batches (id),
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX taxpayer_identifiers_taxpayer_idx ON taxpayer_identifiers (taxpayer_id)`);

    await db.query(`
      CREATE TABLE declarations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        batch_id uuid NOT NULL REFERENCES batches (id),
        row_number integer NOT NULL,
        taxpayer_bidx bytea NOT NULL,
        taxpayer_id bigint REFERENCES taxpayers (id),
        tax_code_masked text,
        period text NOT NULL,
        period_start date NOT NULL,
        declared_revenue bigint NOT NULL CHECK (declared_revenue >= 0),
        tax_paid bigint NOT NULL DEFAULT 0 CHECK (tax_paid >= 0),
        filed_on date,
        version integer NOT NULL,
        observed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX declarations_version_key ON declarations (taxpayer_bidx, period, version)`);
    await db.query(`CREATE INDEX declarations_taxpayer_idx ON declarations (taxpayer_id, period_start)`);
    await db.query(`CREATE INDEX declarations_unresolved_idx ON declarations (taxpayer_bidx) WHERE taxpayer_id IS NULL`);

    // ---- e-invoices: only per-seller monthly aggregates are part of the contract -----------------------------
    await db.query(`
      CREATE TABLE invoice_aggregates (
        seller_bidx bytea NOT NULL,
        month date NOT NULL,
        invoice_count integer NOT NULL DEFAULT 0,
        total_before_tax bigint NOT NULL DEFAULT 0,
        tax_amount bigint NOT NULL DEFAULT 0,
        total_payable bigint NOT NULL DEFAULT 0,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (seller_bidx, month)
      )`);

    // ---- identity resolution outputs ------------------------------------------------------------------------
    await db.query(`
      CREATE TABLE seller_entities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taxpayer_id bigint REFERENCES taxpayers (id),
        band text NOT NULL DEFAULT 'none' CHECK (band IN ('auto', 'review', 'none', 'confirmed')),
        score numeric(7, 6),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX seller_entities_taxpayer_idx ON seller_entities (taxpayer_id)`);
    await db.query(`
      CREATE TABLE seller_entity_members (
        seller_id bigint PRIMARY KEY REFERENCES platform_sellers (id),
        entity_id uuid NOT NULL REFERENCES seller_entities (id),
        assigned_by text NOT NULL DEFAULT 'system' CHECK (assigned_by IN ('system', 'officer')),
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX seller_entity_members_entity_idx ON seller_entity_members (entity_id)`);
    await db.query(`
      CREATE TABLE seller_links (
        seller_id bigint PRIMARY KEY REFERENCES platform_sellers (id),
        taxpayer_id bigint REFERENCES taxpayers (id),
        band text NOT NULL CHECK (band IN ('auto', 'review', 'none', 'confirmed', 'rejected')),
        score numeric(7, 6),
        match_weight numeric(9, 3),
        explanation jsonb NOT NULL DEFAULT '{}'::jsonb,
        model_version text NOT NULL,
        input_version integer NOT NULL,
        decided_by text NOT NULL DEFAULT 'system' CHECK (decided_by IN ('system', 'officer')),
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX seller_links_taxpayer_idx ON seller_links (taxpayer_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'seller_links', 'seller_entity_members', 'seller_entities', 'invoice_aggregates', 'declarations',
      'taxpayer_identifiers', 'taxpayer_versions', 'taxpayers', 'current_revenue', 'revenue_observations',
      'seller_observations', 'platform_sellers',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
