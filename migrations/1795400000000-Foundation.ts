import { MigrationInterface, QueryRunner } from 'typeorm';

/** Platforms, users, credentials, batches and the ops canary: what every later capability stands on. */
export class Foundation1795400000000 implements MigrationInterface {
  name = 'Foundation1795400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await db.query(`
      CREATE TABLE platforms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,39}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX platforms_code_key ON platforms (code)`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('authority', 'officer', 'auditor', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_name_key ON users (name)`);

    await db.query(`
      CREATE TABLE credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_prefix text NOT NULL,
        key_hash bytea NOT NULL,
        role text NOT NULL CHECK (role IN ('platform', 'authority', 'officer', 'auditor', 'admin')),
        platform_id uuid REFERENCES platforms (id),
        user_id uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK ((platform_id IS NULL) <> (user_id IS NULL)),
        CHECK ((role = 'platform') = (platform_id IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX credentials_key_prefix_key ON credentials (key_prefix)`);
    await db.query(`CREATE INDEX credentials_platform_id_idx ON credentials (platform_id)`);
    await db.query(`CREATE INDEX credentials_user_id_idx ON credentials (user_id)`);
    // One live key per platform: rotation revokes the old one in the same transaction.
    await db.query(`CREATE UNIQUE INDEX credentials_one_live_platform_key ON credentials (platform_id) WHERE platform_id IS NOT NULL AND revoked_at IS NULL`);

    await db.query(`
      CREATE TABLE batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope text NOT NULL,
        platform_id uuid REFERENCES platforms (id),
        submitted_by uuid NOT NULL REFERENCES credentials (id),
        kind text NOT NULL CHECK (kind IN ('sellers', 'revenue', 'dpi', 'taxpayers', 'declarations', 'invoices')),
        format text NOT NULL CHECK (format IN ('csv', 'json', 'ndjson', 'xml')),
        mode text NOT NULL DEFAULT 'supplementary' CHECK (mode IN ('supplementary', 'replacement')),
        idempotency_key text NOT NULL,
        content_sha256 text NOT NULL,
        byte_size bigint NOT NULL,
        state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'parsing', 'loaded', 'matching', 'done', 'failed')),
        rows_total integer NOT NULL DEFAULT 0,
        rows_accepted integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        error_code text,
        error_message text,
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        loaded_at timestamptz,
        done_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX batches_scope_idempotency_key ON batches (scope, idempotency_key)`);
    await db.query(`CREATE INDEX batches_platform_created_idx ON batches (platform_id, created_at)`);
    await db.query(`CREATE INDEX batches_unfinished_idx ON batches (state, updated_at) WHERE state NOT IN ('done', 'failed')`);

    await db.query(`
      CREATE TABLE ops_probes (
        id uuid PRIMARY KEY,
        duration_ms integer NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        runs integer NOT NULL DEFAULT 0,
        finished_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ops_probes`);
    await db.query(`DROP TABLE batches`);
    await db.query(`DROP TABLE credentials`);
    await db.query(`DROP TABLE users`);
    await db.query(`DROP TABLE platforms`);
  }
}
