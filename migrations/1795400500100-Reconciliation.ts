import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation (src/reconciliation): figures per seller entity and period, signals with their numbers, rows
 * and rule version, and the cases they are proposed as. See src/reconciliation/README.md for every definition.
 *
 * - `entity_shop_quarters`: one platform seller (shop) × quarter, monthly and quarterly reports combined;
 * - `entity_periods`: one seller entity × quarter ('2025-Q3') and × tax year ('2025');
 * - `signals`: one row per (entity, tax year, code); `state` = active | cleared, never deleted;
 * - `cases` + `case_events` (append-only): what officers work (issue 7 adds the transitions);
 * - `reconciliation_*`: runs, the per-entity input fingerprint (incremental runs) and the change watermark.
 */
export class Reconciliation1795400500100 implements MigrationInterface {
  name = 'Reconciliation1795400500100';

  async up(db: QueryRunner): Promise<void> {
    // Lump-sum (khoán) records are declarations the registry may carry; only valid for tax years ≤ 2025.
    await db.query(`ALTER TABLE declarations ADD COLUMN IF NOT EXISTS filing_method text NOT NULL DEFAULT 'declaration'
      CONSTRAINT declarations_filing_method_check CHECK (filing_method IN ('declaration', 'lump_sum'))`);

    await db.query(`
      CREATE TABLE entity_shop_quarters (
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        period text NOT NULL,
        entity_id uuid NOT NULL REFERENCES seller_entities (id),
        tax_year integer NOT NULL,
        platform_id uuid NOT NULL REFERENCES platforms (id),
        source text NOT NULL CHECK (source IN ('quarter', 'months')),
        gross bigint NOT NULL,
        refunds bigint NOT NULL,
        net bigint NOT NULL,
        vat_withheld bigint NOT NULL,
        pit_withheld bigint NOT NULL,
        tax_withheld bigint NOT NULL,
        withheld_revenue bigint NOT NULL,
        other_source_net bigint,
        observation_ids bigint[] NOT NULL,
        category text,
        is_resident boolean,
        PRIMARY KEY (seller_id, period)
      )`);
    await db.query(`CREATE INDEX entity_shop_quarters_entity_idx ON entity_shop_quarters (entity_id, tax_year)`);

    await db.query(`
      CREATE TABLE entity_periods (
        entity_id uuid NOT NULL REFERENCES seller_entities (id),
        period text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('quarter', 'year')),
        tax_year integer NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        platform_gross bigint NOT NULL,
        platform_refunds bigint NOT NULL,
        platform_net bigint NOT NULL,
        withheld_vat bigint NOT NULL,
        withheld_pit bigint NOT NULL,
        withheld_total bigint NOT NULL,
        withheld_revenue bigint NOT NULL,
        platform_count integer NOT NULL,
        shop_count integer NOT NULL,
        declared_revenue bigint NOT NULL,
        lump_sum_revenue bigint NOT NULL,
        declared_tax_paid bigint NOT NULL,
        declaration_ids bigint[] NOT NULL,
        invoiced_revenue bigint NOT NULL,
        invoice_count integer NOT NULL,
        invoice_keys text[] NOT NULL,
        taxpayer_id bigint REFERENCES taxpayers (id),
        link_band text NOT NULL,
        registration_status text NOT NULL CHECK (registration_status IN ('registered', 'registered_later', 'unregistered', 'pending_review')),
        taxpayer_status text,
        registered_on date,
        PRIMARY KEY (entity_id, period)
      )`);
    await db.query(`CREATE INDEX entity_periods_year_idx ON entity_periods (tax_year, period_kind)`);
    // A business's head office and branches share the 10-digit root of their codes: one family for declarations.
    await db.query(`CREATE INDEX recon_taxpayer_identifiers_root_idx ON taxpayer_identifiers (left(tax_code, 10)) WHERE kind = 'tax_code' AND tax_code IS NOT NULL`);

    await db.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity_id uuid NOT NULL REFERENCES seller_entities (id),
        tax_year integer NOT NULL,
        status text NOT NULL DEFAULT 'open'
          CHECK (status IN ('open', 'in_review', 'dismissed', 'confirmed', 'notified', 'resolved', 'escalated')),
        estimated_tax_at_risk bigint NOT NULL DEFAULT 0,
        link_confidence numeric(7, 6),
        link_band text NOT NULL,
        taxpayer_id bigint REFERENCES taxpayers (id),
        signal_codes text[] NOT NULL DEFAULT '{}',
        waiting_on text CHECK (waiting_on IN ('link_review')),
        rule_version integer NOT NULL REFERENCES rule_versions (version),
        closed_estimate bigint,
        reopen_count integer NOT NULL DEFAULT 0,
        assigned_to uuid REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        evidence_updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX cases_entity_year_key ON cases (entity_id, tax_year)`);
    await db.query(`CREATE INDEX cases_queue_idx ON cases (status, estimated_tax_at_risk, link_confidence, id)`);
    await db.query(`CREATE INDEX cases_assigned_to_idx ON cases (assigned_to)`);
    // Whoever closes a case (officers, issue 7), the estimate it was closed at is kept: the reopen margin compares to it.
    await db.query(`
      CREATE FUNCTION cases_remember_closing() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.status IN ('dismissed', 'resolved') AND OLD.status NOT IN ('dismissed', 'resolved') THEN
          NEW.closed_estimate := NEW.estimated_tax_at_risk;
          NEW.closed_at := coalesce(NEW.closed_at, now());
        ELSIF NEW.status NOT IN ('dismissed', 'resolved') THEN
          NEW.closed_at := NULL;
        END IF;
        RETURN NEW;
      END $fn$`);
    await db.query(`CREATE TRIGGER cases_remember_closing BEFORE UPDATE OF status ON cases FOR EACH ROW EXECUTE FUNCTION cases_remember_closing()`);

    await db.query(`
      CREATE TABLE case_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('system', 'user')),
        actor text NOT NULL,
        event text NOT NULL,
        from_status text,
        to_status text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        run_id text
      )`);
    await db.query(`CREATE INDEX case_events_case_idx ON case_events (case_id, id)`);
    await db.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $fn$`);
    await db.query(`CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);

    await db.query(`
      CREATE TABLE signals (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entity_id uuid NOT NULL REFERENCES seller_entities (id),
        tax_year integer NOT NULL,
        code text NOT NULL CHECK (code IN ('UNREGISTERED', 'NOT_FILED', 'UNDER_DECLARED', 'INVOICE_GAP', 'WITHHOLDING_ERROR', 'SPLIT_ACROSS_PLATFORMS', 'IDENTITY_QUALITY')),
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'cleared')),
        case_id uuid REFERENCES cases (id),
        platform_revenue bigint NOT NULL,
        declared_revenue bigint NOT NULL,
        estimated_tax_at_risk bigint NOT NULL,
        numbers jsonb NOT NULL,
        sources jsonb NOT NULL,
        rule_version integer NOT NULL REFERENCES rule_versions (version),
        rule_value_ids bigint[] NOT NULL,
        fingerprint text NOT NULL,
        run_id text,
        raised_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        cleared_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX signals_entity_year_code_key ON signals (entity_id, tax_year, code)`);
    await db.query(`CREATE INDEX signals_year_active_idx ON signals (tax_year, code) WHERE state = 'active'`);
    await db.query(`CREATE INDEX signals_case_idx ON signals (case_id)`);

    await db.query(`
      CREATE TABLE reconciliation_runs (
        run_id text PRIMARY KEY,
        trigger text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        entities_considered integer NOT NULL DEFAULT 0,
        entities_reconciled integer NOT NULL DEFAULT 0,
        signals_changed integer NOT NULL DEFAULT 0,
        cases_proposed integer NOT NULL DEFAULT 0,
        cases_updated integer NOT NULL DEFAULT 0,
        cases_reopened integer NOT NULL DEFAULT 0,
        tax_years integer[] NOT NULL DEFAULT '{}'
      )`);
    await db.query(`
      CREATE TABLE reconciliation_entity_state (
        entity_id uuid PRIMARY KEY REFERENCES seller_entities (id),
        input_fingerprint text NOT NULL,
        reconciled_at timestamptz NOT NULL DEFAULT now(),
        run_id text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE reconciliation_watermark (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        scanned_until timestamptz NOT NULL DEFAULT '-infinity',
        judged_rule_version integer,
        judged_deadline date,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`INSERT INTO reconciliation_watermark DEFAULT VALUES`);

    // Change detection for incremental runs: "what changed since the watermark" must be an index range scan.
    for (const [name, table, column] of CHANGE_INDEXES) await db.query(`CREATE INDEX ${name} ON ${table} (${column})`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [name] of CHANGE_INDEXES) await db.query(`DROP INDEX ${name}`);
    await db.query(`DROP INDEX recon_taxpayer_identifiers_root_idx`);
    for (const table of ['reconciliation_watermark', 'reconciliation_entity_state', 'reconciliation_runs', 'signals', 'case_events', 'cases', 'entity_periods', 'entity_shop_quarters']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP FUNCTION case_events_append_only()`);
    await db.query(`DROP FUNCTION cases_remember_closing()`);
    await db.query(`ALTER TABLE declarations DROP COLUMN IF EXISTS filing_method`);
  }
}

// (taxpayers.changed_at is indexed by the registry's own migration: taxpayers_changed_at_idx.)
const CHANGE_INDEXES: Array<[name: string, table: string, column: string]> = [
  ['recon_current_revenue_changed_idx', 'current_revenue', 'changed_at'],
  ['recon_platform_sellers_changed_idx', 'platform_sellers', 'changed_at'],
  ['recon_entity_members_assigned_idx', 'seller_entity_members', 'assigned_at'],
  ['recon_seller_entities_changed_idx', 'seller_entities', 'changed_at'],
  ['recon_seller_links_decided_idx', 'seller_links', 'decided_at'],
  ['recon_taxpayer_identifiers_added_idx', 'taxpayer_identifiers', 'added_at'],
  ['recon_declarations_observed_idx', 'declarations', 'observed_at'],
  ['recon_invoice_aggregates_changed_idx', 'invoice_aggregates', 'changed_at'],
];
