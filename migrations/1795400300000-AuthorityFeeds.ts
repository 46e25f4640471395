import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tax authority's feeds: what the taxpayer registry, declarations and e-invoices need beyond the core
 * contract (migrations/1795400000100-CoreData.ts).
 *
 * - Registry: a taxpayer record may be merged into another when the registry says two records are one person
 *   (`merged_into`; the absorbed record and its versions stay readable). `taxpayer_changes` lists, per batch,
 *   which taxpayers a registry batch created or changed and how, so identity resolution re-matches only the
 *   sellers those changes can affect.
 * - Declarations: the reported tax code in clear when it is a 10/13-digit code (a 12-digit one is a personal ID
 *   and stays only blind-indexed and masked), and one row per staged row.
 * - E-invoices: one row per invoice in `invoice_lines`, partitioned by month of issue (partitions are created on
 *   demand by the merge). Neither the lines nor the aggregates carry a foreign key to batches: every one of the
 *   10 M rows of a batch would fire a check trigger; the merge writes only the batch id it holds. Aggregates
 *   record the batch that last changed them, for downstream stages that follow changes.
 */
export class AuthorityFeeds1795400300000 implements MigrationInterface {
  name = 'AuthorityFeeds1795400300000';

  async up(db: QueryRunner): Promise<void> {
    // ---- registry ---------------------------------------------------------------------------------------------
    await db.query(`
      ALTER TABLE taxpayers
        ADD COLUMN changed_batch_id uuid REFERENCES batches (id),
        ADD COLUMN merged_into bigint REFERENCES taxpayers (id)`);
    await db.query(`CREATE INDEX taxpayers_changed_at_idx ON taxpayers (changed_at)`);
    await db.query(`CREATE INDEX taxpayers_merged_into_idx ON taxpayers (merged_into) WHERE merged_into IS NOT NULL`);
    await db.query(`
      ALTER TABLE taxpayer_versions
        ADD COLUMN national_id_kind text CHECK (national_id_kind IN ('cccd', 'cmnd')),
        ADD COLUMN business_category_raw text`);
    await db.query(`
      CREATE TABLE taxpayer_changes (
        batch_id uuid NOT NULL REFERENCES batches (id),
        taxpayer_id bigint NOT NULL REFERENCES taxpayers (id),
        row_number integer,
        kinds text[] NOT NULL CHECK (kinds <@ ARRAY['created', 'attributes', 'identifiers', 'merged', 'absorbed']),
        changed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT taxpayer_changes_pkey PRIMARY KEY (batch_id, taxpayer_id)
      )`);
    await db.query(`CREATE INDEX taxpayer_changes_taxpayer_idx ON taxpayer_changes (taxpayer_id)`);

    // ---- declarations -----------------------------------------------------------------------------------------
    await db.query(`ALTER TABLE declarations ADD COLUMN tax_code text`);
    await db.query(`CREATE UNIQUE INDEX declarations_batch_row_key ON declarations (batch_id, row_number)`);
    await db.query(`
      CREATE VIEW current_declarations AS
        SELECT DISTINCT ON (taxpayer_bidx, period) *
        FROM declarations
        ORDER BY taxpayer_bidx, period, version DESC`);

    // ---- e-invoices -------------------------------------------------------------------------------------------
    await db.query(`
      CREATE TABLE invoice_lines (
        seller_bidx bytea NOT NULL,
        form smallint NOT NULL CHECK (form BETWEEN 1 AND 6),
        series text COLLATE "C" NOT NULL,
        number integer NOT NULL CHECK (number BETWEEN 1 AND 99999999),
        issued_on date NOT NULL,
        issued_month date NOT NULL,
        buyer_tax_code text,
        buyer_bidx bytea,
        total_before_tax bigint NOT NULL,
        tax_amount bigint NOT NULL,
        total_payable bigint NOT NULL,
        relation text CHECK (relation IN ('replaces', 'adjusts')),
        target_form smallint,
        target_series text COLLATE "C",
        target_number integer,
        target_month date,
        authority_code text,
        superseded_batch_id uuid,
        batch_id uuid NOT NULL,
        row_number integer NOT NULL
      ) PARTITION BY RANGE (issued_month)`);
    // Identity is (seller, form, series, number); PostgreSQL wants the partition key in a unique index, so the
    // month rides along and the merge checks the other months of the series year itself. Column order and the
    // byte-wise ("C") series make the 10 M comparisons of a bulk load cheap: the number decides almost every one.
    await db.query(`CREATE UNIQUE INDEX invoice_lines_identity_key ON invoice_lines (seller_bidx, number, series, form, issued_month)`);
    await db.query(`
      CREATE INDEX invoice_lines_target_idx ON invoice_lines (seller_bidx, target_number, target_series, target_form)
        WHERE relation IS NOT NULL`);
    await db.query(`
      CREATE INDEX invoice_lines_unresolved_idx ON invoice_lines (issued_month)
        WHERE relation IS NOT NULL AND target_month IS NULL`);

    // Number ranges per seller, series and month: a cheap proof that a batch's invoices do not repeat an identity
    // in another month (numbers run in issue order, so ranges of different months do not overlap); only
    // overlapping ranges need a line-level check.
    await db.query(`
      CREATE TABLE invoice_series_months (
        seller_bidx bytea NOT NULL,
        series text COLLATE "C" NOT NULL,
        form smallint NOT NULL,
        issued_month date NOT NULL,
        min_number integer NOT NULL,
        max_number integer NOT NULL,
        line_count integer NOT NULL,
        CONSTRAINT invoice_series_months_pkey PRIMARY KEY (seller_bidx, series, form, issued_month)
      )`);

    await db.query(`ALTER TABLE invoice_aggregates ADD COLUMN changed_batch_id uuid`);
    await db.query(`CREATE INDEX invoice_aggregates_changed_batch_idx ON invoice_aggregates (changed_batch_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX invoice_aggregates_changed_batch_idx`);
    await db.query(`ALTER TABLE invoice_aggregates DROP COLUMN changed_batch_id`);
    await db.query(`DROP TABLE invoice_series_months`);
    await db.query(`DROP TABLE invoice_lines`);
    await db.query(`DROP VIEW current_declarations`);
    await db.query(`DROP INDEX declarations_batch_row_key`);
    await db.query(`ALTER TABLE declarations DROP COLUMN tax_code`);
    await db.query(`DROP TABLE taxpayer_changes`);
    await db.query(`ALTER TABLE taxpayer_versions DROP COLUMN business_category_raw, DROP COLUMN national_id_kind`);
    await db.query(`DROP INDEX taxpayers_merged_into_idx`);
    await db.query(`DROP INDEX taxpayers_changed_at_idx`);
    await db.query(`ALTER TABLE taxpayers DROP COLUMN merged_into, DROP COLUMN changed_batch_id`);
  }
}
