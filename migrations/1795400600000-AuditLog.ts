import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalAuditSql } from '../src/audit/audit-canonical';

/**
 * The audit trail: every write through the API and every read of personal data, append-only and
 * hash-chained (src/audit/README.md).
 *
 * - Rows are chained by a BEFORE INSERT trigger, not by the application: it locks the one-row chain head,
 *   assigns the id from the sequence (so id order is chain order even under concurrent appends), stamps the
 *   time, links the previous hash and advances the head, all in the inserting transaction. Any INSERT, from
 *   any code, is chained correctly; whatever id, time or hash the caller supplied is overwritten.
 * - UPDATE, DELETE and TRUNCATE raise for everyone, superusers included, and are revoked from PUBLIC.
 *   A superuser can still switch the trigger off (session_replication_role = replica, or DISABLE TRIGGER);
 *   GET /v1/audit/verify then names the first row that no longer fits the chain.
 * - In production the API should not connect as the tables' owner: an owner may disable triggers.
 */
export class AuditLog1795400600000 implements MigrationInterface {
  name = 'AuditLog1795400600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        action text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\\.[a-z_]+)+$'),
        actor_credential_id uuid,
        actor_role text CHECK (actor_role IN ('platform', 'authority', 'officer', 'auditor', 'admin', 'system')),
        actor_name text,
        actor_user_id uuid,
        actor_platform_id uuid,
        http_method text CHECK (http_method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
        route text,
        target jsonb,
        subject_type text CHECK (subject_type ~ '^[a-z][a-z_]*$'),
        subject_id text,
        fields text[],
        purpose text,
        status smallint CHECK (status BETWEEN 100 AND 599),
        correlation_id text,
        prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
        row_hash bytea NOT NULL CHECK (octet_length(row_hash) = 32),
        CHECK ((subject_type IS NULL) = (subject_id IS NULL))
      )`);
    await db.query(`CREATE SEQUENCE audit_log_id_seq AS bigint OWNED BY audit_log.id`);
    await db.query(`CREATE INDEX audit_log_actor_credential_idx ON audit_log (actor_credential_id, id)`);
    await db.query(`CREATE INDEX audit_log_actor_user_idx ON audit_log (actor_user_id, id) WHERE actor_user_id IS NOT NULL`);
    await db.query(`CREATE INDEX audit_log_actor_platform_idx ON audit_log (actor_platform_id, id) WHERE actor_platform_id IS NOT NULL`);
    await db.query(`CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, id) WHERE subject_id IS NOT NULL`);
    await db.query(`CREATE INDEX audit_log_action_idx ON audit_log (action, id)`);
    await db.query(`CREATE INDEX audit_log_correlation_idx ON audit_log (correlation_id) WHERE correlation_id IS NOT NULL`);
    // Rows arrive in time order and are never updated: a BRIN index serves time ranges at almost no write cost.
    await db.query(`CREATE INDEX audit_log_occurred_brin ON audit_log USING brin (occurred_at)`);

    await db.query(`
      CREATE TABLE audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_id bigint NOT NULL DEFAULT 0,
        last_hash bytea NOT NULL
      )`);
    await db.query(`INSERT INTO audit_chain_head (last_hash) VALUES ('\\x${'00'.repeat(32)}'::bytea)`);

    await db.query(`
      CREATE FUNCTION ect_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_prev bytea;
      BEGIN
        -- The head's row lock serialises appends until this transaction ends: the chain cannot fork.
        SELECT last_hash INTO STRICT v_prev FROM audit_chain_head WHERE singleton FOR UPDATE;
        NEW.id := nextval('audit_log_id_seq');
        NEW.occurred_at := clock_timestamp();
        NEW.prev_hash := v_prev;
        NEW.row_hash := digest(convert_to(${canonicalAuditSql('NEW')}, 'UTF8') || v_prev, 'sha256');
        UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.row_hash WHERE singleton;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE FUNCTION ect_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'AUDIT_APPEND_ONLY: % on % is not allowed; the audit trail is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ect_audit_chain()`);
    await db.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION ect_audit_append_only()`);
    await db.query(`CREATE TRIGGER audit_chain_head_keep BEFORE DELETE OR TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION ect_audit_append_only()`);
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
    await db.query(`REVOKE DELETE, TRUNCATE ON audit_chain_head FROM PUBLIC`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP TABLE audit_chain_head`);
    await db.query(`DROP FUNCTION ect_audit_append_only()`);
    await db.query(`DROP FUNCTION ect_audit_chain()`);
  }
}
