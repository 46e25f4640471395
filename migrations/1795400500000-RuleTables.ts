import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tax rules as effective-dated, versioned data (src/rules). A rule value is one number (VND, basis points, a flag
 * or a count of months) for one key, one category ('*' when the key is not per category) and one date range.
 * A version is the complete set of values in force for every date, as an admin last stated it; a new version
 * links the unchanged values and adds new rows for what changed. Nothing is updated or deleted in place:
 * triggers refuse it, so any figure that names a version or a value id can be traced forever.
 */
export class RuleTables1795400500000 implements MigrationInterface {
  name = 'RuleTables1795400500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rule_versions (
        version integer PRIMARY KEY CHECK (version > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        reason text NOT NULL,
        based_on integer REFERENCES rule_versions (version)
      )`);
    await db.query(`
      CREATE TABLE rule_values (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rule_key text NOT NULL,
        category text NOT NULL DEFAULT '*',
        effective_from date NOT NULL,
        effective_to date,
        value bigint NOT NULL,
        unit text NOT NULL CHECK (unit IN ('vnd', 'bp', 'flag', 'months')),
        confidence text NOT NULL CHECK (confidence IN ('H', 'M', 'L')),
        source text NOT NULL,
        introduced_in integer NOT NULL REFERENCES rule_versions (version),
        CHECK (effective_to IS NULL OR effective_to >= effective_from)
      )`);
    await db.query(`CREATE INDEX rule_values_key_idx ON rule_values (rule_key, category, effective_from)`);
    await db.query(`
      CREATE TABLE rule_version_values (
        version integer NOT NULL REFERENCES rule_versions (version),
        value_id bigint NOT NULL REFERENCES rule_values (id),
        PRIMARY KEY (version, value_id)
      )`);
    await db.query(`CREATE INDEX rule_version_values_value_idx ON rule_version_values (value_id)`);
    await db.query(`
      CREATE FUNCTION rules_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'rules are append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $fn$`);
    for (const table of ['rule_versions', 'rule_values', 'rule_version_values']) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION rules_append_only()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rule_version_values`);
    await db.query(`DROP TABLE rule_values`);
    await db.query(`DROP TABLE rule_versions`);
    await db.query(`DROP FUNCTION rules_append_only()`);
  }
}
