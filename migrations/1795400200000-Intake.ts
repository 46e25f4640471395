import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake: the staging schema (one UNLOGGED table per batch, created and dropped by the pipeline), row errors
 * with a severity (`error` rejects the row, `warning` keeps it flagged), and what the observations need beyond
 * the core contract: reported tax codes that must not be kept in clear, a content hash so a resent row is not
 * a new version, DocRefId lookups for DPI corrections, and platform-withheld tax reported without a VAT/PIT
 * split (OECD DPI TaxQn).
 */
export class Intake1795400200000 implements MigrationInterface {
  name = 'Intake1795400200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS staging`);
    await db.query(`
      CREATE TABLE batch_errors (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        batch_id uuid NOT NULL REFERENCES batches (id),
        row_number bigint NOT NULL,
        field text,
        code text NOT NULL,
        message text NOT NULL,
        severity text NOT NULL DEFAULT 'error' CHECK (severity IN ('error', 'warning'))
      )`);
    await db.query(`CREATE INDEX batch_errors_batch_row_idx ON batch_errors (batch_id, row_number)`);

    await db.query(`
      ALTER TABLE batches
        ADD COLUMN rows_warned integer NOT NULL DEFAULT 0,
        ADD COLUMN parsing_started_at timestamptz,
        ADD COLUMN failed_at timestamptz`);

    await db.query(`
      ALTER TABLE seller_observations
        ADD COLUMN tax_code_enc bytea,
        ADD COLUMN content_hash bytea`);
    await db.query(`CREATE INDEX seller_observations_doc_ref_idx ON seller_observations (doc_ref_id) WHERE doc_ref_id IS NOT NULL`);

    for (const table of ['revenue_observations', 'current_revenue']) {
      await db.query(`
        ALTER TABLE ${table}
          ADD COLUMN tax_withheld bigint NOT NULL DEFAULT 0 CHECK (tax_withheld >= 0),
          ADD COLUMN withholding_split boolean NOT NULL DEFAULT true`);
    }
    await db.query(`CREATE INDEX revenue_observations_doc_ref_idx ON revenue_observations (doc_ref_id) WHERE doc_ref_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX revenue_observations_doc_ref_idx`);
    for (const table of ['current_revenue', 'revenue_observations']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN withholding_split, DROP COLUMN tax_withheld`);
    }
    await db.query(`DROP INDEX seller_observations_doc_ref_idx`);
    await db.query(`ALTER TABLE seller_observations DROP COLUMN content_hash, DROP COLUMN tax_code_enc`);
    await db.query(`ALTER TABLE batches DROP COLUMN failed_at, DROP COLUMN parsing_started_at, DROP COLUMN rows_warned`);
    await db.query(`DROP TABLE batch_errors`);
    await db.query(`DROP SCHEMA staging CASCADE`);
  }
}
