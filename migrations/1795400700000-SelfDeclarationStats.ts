import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-declaration figures (src/stats, README "Self-declaration figures"): how many online sellers register,
 * declare and pay, by period × platform × province × category, and cohorts by the quarter first seen.
 *
 * - `stats_entity_periods`: one row per seller entity × period × platform key ('*' = all platforms, the entity
 *   once; otherwise a platform id, the entity on each platform it sold on). What every summary figure is made of,
 *   so any figure can be traced to its entities; kept per entity so the summaries can be maintained by delta.
 * - `stats_self_declaration`: the summary the API reads, one row per period × platform key × province × category;
 *   maintained incrementally (old contribution of a re-computed entity subtracted, new one added, in one transaction).
 * - `stats_entity_cohorts` / `stats_cohorts`: the same pair for cohorts (first-seen quarter).
 * - `stats_refresh_state` (one row: watermark over reconciliation_entity_state.reconciled_at and the rule version the
 *   figures were computed under) and `stats_refresh_runs` (what each refresh did).
 *
 * No foreign keys on the fact tables: millions of rows are rewritten by delta and seller entities are never deleted.
 */
export class SelfDeclarationStats1795400700000 implements MigrationInterface {
  name = 'SelfDeclarationStats1795400700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stats_entity_periods (
        entity_id uuid NOT NULL,
        period text NOT NULL,
        platform_key text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('quarter', 'year')),
        tax_year integer NOT NULL,
        province text NOT NULL,
        category text NOT NULL,
        first_seen date,
        linked boolean NOT NULL,
        registered_before boolean NOT NULL,
        newly_registered boolean NOT NULL,
        pending_review boolean NOT NULL,
        with_declaration boolean NOT NULL,
        with_withholding boolean NOT NULL,
        covered boolean NOT NULL,
        fully_declared boolean NOT NULL,
        with_case boolean NOT NULL,
        flagged_unregistered boolean NOT NULL,
        flagged_not_filed boolean NOT NULL,
        flagged_under_declared boolean NOT NULL,
        flagged_split boolean NOT NULL,
        platform_revenue bigint NOT NULL,
        declared_revenue bigint NOT NULL,
        withheld_revenue bigint NOT NULL,
        tax_declared bigint NOT NULL,
        tax_withheld bigint NOT NULL,
        estimated_due bigint NOT NULL,
        CONSTRAINT stats_entity_periods_pkey PRIMARY KEY (entity_id, period, platform_key)
      )`);
    await db.query(`
      CREATE TABLE stats_self_declaration (
        period text NOT NULL,
        platform_key text NOT NULL,
        province text NOT NULL,
        category text NOT NULL,
        period_kind text NOT NULL,
        tax_year integer NOT NULL,
        ${SUMMARY_MEASURES.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(',\n        ')},
        CONSTRAINT stats_self_declaration_pkey PRIMARY KEY (period, platform_key, province, category)
      )`);

    await db.query(`
      CREATE TABLE stats_entity_cohorts (
        entity_id uuid NOT NULL,
        platform_key text NOT NULL,
        first_quarter text NOT NULL,
        province text NOT NULL,
        category text NOT NULL,
        registered_after integer,
        declared_after integer,
        CONSTRAINT stats_entity_cohorts_pkey PRIMARY KEY (entity_id, platform_key)
      )`);
    await db.query(`
      CREATE TABLE stats_cohorts (
        first_quarter text NOT NULL,
        platform_key text NOT NULL,
        province text NOT NULL,
        category text NOT NULL,
        ${COHORT_MEASURES.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(',\n        ')},
        CONSTRAINT stats_cohorts_pkey PRIMARY KEY (first_quarter, platform_key, province, category)
      )`);

    // The summaries are small and rewritten row by row by every refresh: room on each page for the new version of a
    // row (HOT updates, no index churn) and vacuum after a few hundred changes keep them compact and in cache.
    for (const table of ['stats_self_declaration', 'stats_cohorts']) {
      await db.query(`ALTER TABLE ${table} SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500, autovacuum_analyze_scale_factor = 0.2)`);
    }

    await db.query(`
      CREATE TABLE stats_refresh_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        refreshed_until timestamptz NOT NULL DEFAULT '-infinity',
        rule_version integer,
        refreshed_at timestamptz
      )`);
    await db.query(`INSERT INTO stats_refresh_state DEFAULT VALUES`);
    await db.query(`
      CREATE TABLE stats_refresh_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trigger text NOT NULL,
        tax_years integer[] NOT NULL DEFAULT '{}',
        full_refresh boolean NOT NULL,
        rule_version integer,
        entities integer NOT NULL DEFAULT 0,
        chunks integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text
      )`);
    // "Which entities did reconciliation touch since the stats watermark" must be an index range scan.
    await db.query(`CREATE INDEX stats_recon_entity_state_reconciled_idx ON reconciliation_entity_state (reconciled_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX stats_recon_entity_state_reconciled_idx`);
    for (const table of ['stats_refresh_runs', 'stats_refresh_state', 'stats_cohorts', 'stats_entity_cohorts', 'stats_self_declaration', 'stats_entity_periods']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

// Written out here (not imported from src/stats) so that this migration keeps creating the same schema forever.
const SUMMARY_MEASURES = [
  'sellers', 'linked', 'registered_before', 'newly_registered', 'pending_review', 'with_declaration', 'with_withholding',
  'covered', 'fully_declared', 'with_case', 'flagged_unregistered', 'flagged_not_filed', 'flagged_under_declared', 'flagged_split',
  'platform_revenue', 'declared_revenue', 'withheld_revenue', 'tax_declared', 'tax_withheld', 'estimated_due',
];
const COHORT_MEASURES = [
  'sellers', 'registered_1q', 'registered_2q', 'registered_4q', 'registered_now', 'declaring_1q', 'declaring_2q', 'declaring_4q', 'declaring_now',
];
