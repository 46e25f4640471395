import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officer case work (src/cases): the queue read model, notifications, link-review marks, and the indexes the
 * auditors' "as of" history reads need on identity resolution's append-only tables.
 *
 * - `case_queue`: one row per case, kept by triggers in the writing transaction (whoever writes `cases`:
 *   reconciliation set-based, officers one by one), plus two facets the queue filters on that `cases` does not hold:
 *   the case's 34-province code and the platforms of the entity's shops. Every list shape is a keyset walk of one
 *   index of this table (see src/cases/README.md for the EXPLAINs); `cases` keeps its own meaning and columns.
 * - `case_notifications`: when a case was notified, the response deadline, and the figures the letter stated.
 * - `link_review_marks`: an officer's "unsure" on a link in review (append-only); confirm/reject are identity
 *   resolution's own decisions (link_decisions).
 */
export class CaseWork1795400650000 implements MigrationInterface {
  name = 'CaseWork1795400650000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_queue (
        case_id uuid PRIMARY KEY REFERENCES cases (id),
        entity_id uuid NOT NULL,
        tax_year integer NOT NULL,
        status text NOT NULL,
        estimate bigint NOT NULL,
        link_confidence numeric(7, 6),
        confidence_key numeric(7, 6) GENERATED ALWAYS AS (coalesce(link_confidence, -1)) STORED,
        link_band text NOT NULL,
        signal_codes text[] NOT NULL,
        waiting_on text,
        assigned_to uuid,
        taxpayer_id bigint,
        province_code text,
        platform_ids uuid[] NOT NULL DEFAULT '{}',
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    for (const [name, definition] of QUEUE_INDEXES) await db.query(`CREATE INDEX ${name} ON case_queue ${definition}`);

    await db.query(FACETS_FUNCTION);
    await db.query(SYNC_FUNCTION);
    await db.query(`CREATE TRIGGER case_queue_sync AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION case_queue_sync()`);
    await db.query(MEMBERS_FUNCTION);
    await db.query(`CREATE TRIGGER case_queue_members_ins AFTER INSERT ON seller_entity_members REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION case_queue_members_changed()`);
    await db.query(`CREATE TRIGGER case_queue_members_upd AFTER UPDATE ON seller_entity_members REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION case_queue_members_changed()`);
    await db.query(`CREATE TRIGGER case_queue_members_del AFTER DELETE ON seller_entity_members REFERENCING OLD TABLE AS changed_old
      FOR EACH STATEMENT EXECUTE FUNCTION case_queue_members_changed()`);
    // Cases that exist before this migration.
    await db.query(`
      INSERT INTO case_queue (case_id, entity_id, tax_year, status, estimate, link_confidence, link_band, signal_codes, waiting_on,
                              assigned_to, taxpayer_id, province_code, platform_ids, opened_at, updated_at, version)
      SELECT c.id, c.entity_id, c.tax_year, c.status, c.estimated_tax_at_risk, c.link_confidence, c.link_band, c.signal_codes, c.waiting_on,
             c.assigned_to, c.taxpayer_id, f.province_code, f.platform_ids, c.opened_at, c.updated_at, c.version
      FROM cases c, LATERAL case_queue_facets(c.entity_id, c.taxpayer_id) f`);

    await db.query(`
      CREATE TABLE case_notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        notified_at timestamptz NOT NULL DEFAULT now(),
        notified_on date NOT NULL,
        response_days integer NOT NULL CHECK (response_days > 0),
        response_due date NOT NULL,
        notified_by text NOT NULL,
        figures jsonb NOT NULL
      )`);
    await db.query(`CREATE INDEX case_notifications_case_idx ON case_notifications (case_id, id)`);

    await db.query(`
      CREATE TABLE link_review_marks (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        taxpayer_id bigint REFERENCES taxpayers (id),
        decision text NOT NULL CHECK (decision IN ('unsure')),
        officer_user_id uuid,
        officer_name text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX link_review_marks_seller_idx ON link_review_marks (seller_id, id)`);
    await db.query(`
      CREATE FUNCTION case_work_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $fn$`);
    for (const table of ['case_notifications', 'link_review_marks']) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION case_work_append_only()`);
    }

    // Auditors' reads: who was linked to a taxpayer / member of an entity at time T; the link-review queue.
    await db.query(`CREATE INDEX cases_match_history_taxpayer_idx ON match_history (taxpayer_id, seller_id) WHERE taxpayer_id IS NOT NULL`);
    await db.query(`CREATE INDEX cases_seller_entity_history_entity_idx ON seller_entity_history (entity_id, seller_id)`);
    await db.query(`CREATE INDEX cases_seller_links_review_idx ON seller_links (score, seller_id) WHERE band = 'review'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX cases_seller_links_review_idx`);
    await db.query(`DROP INDEX cases_seller_entity_history_entity_idx`);
    await db.query(`DROP INDEX cases_match_history_taxpayer_idx`);
    await db.query(`DROP TABLE link_review_marks`);
    await db.query(`DROP TABLE case_notifications`);
    await db.query(`DROP FUNCTION case_work_append_only()`);
    for (const trigger of ['case_queue_members_ins', 'case_queue_members_upd', 'case_queue_members_del']) {
      await db.query(`DROP TRIGGER ${trigger} ON seller_entity_members`);
    }
    await db.query(`DROP TRIGGER case_queue_sync ON cases`);
    await db.query(`DROP FUNCTION case_queue_members_changed()`);
    await db.query(`DROP FUNCTION case_queue_sync()`);
    await db.query(`DROP FUNCTION case_queue_facets(uuid, bigint)`);
    await db.query(`DROP TABLE case_queue`);
  }
}

/**
 * Every list shape walks one of these backwards or forwards (keyset: `(key, case_id) < (…)`), filtering the rest.
 * Sort keys: estimate (largest first), confidence_key (most confident first), opened_at (oldest first).
 */
const QUEUE_INDEXES: Array<[name: string, definition: string]> = [
  ['case_queue_estimate_idx', '(estimate, case_id)'],
  ['case_queue_confidence_idx', '(confidence_key, case_id)'],
  ['case_queue_age_idx', '(opened_at, case_id)'],
  ['case_queue_status_estimate_idx', '(status, estimate, case_id)'],
  ['case_queue_status_confidence_idx', '(status, confidence_key, case_id)'],
  ['case_queue_status_age_idx', '(status, opened_at, case_id)'],
  ['case_queue_province_estimate_idx', '(province_code, estimate, case_id)'],
  ['case_queue_year_estimate_idx', '(tax_year, estimate, case_id)'],
  ['case_queue_assignee_idx', '(assigned_to, estimate, case_id) WHERE assigned_to IS NOT NULL'],
  ['case_queue_signals_gin', 'USING gin (signal_codes)'],
  ['case_queue_platforms_gin', 'USING gin (platform_ids)'],
  ['case_queue_entity_idx', '(entity_id)'],
];

/**
 * The province a case belongs to: the linked taxpayer's registered province (34-list code), else the province most
 * of the entity's shops report (ties: the smaller code). The platforms: those of the entity's shops.
 */
const FACETS_FUNCTION = `
  CREATE FUNCTION case_queue_facets(p_entity uuid, p_taxpayer bigint, OUT province_code text, OUT platform_ids uuid[])
  LANGUAGE sql STABLE AS $fn$
    SELECT coalesce(
             (SELECT tv.province_new_code FROM taxpayer_versions tv
               WHERE tv.taxpayer_id = p_taxpayer AND tv.valid_to IS NULL AND tv.province_new_code IS NOT NULL LIMIT 1),
             (SELECT so.province_new_code FROM seller_entity_members m
                JOIN platform_sellers ps ON ps.id = m.seller_id
                JOIN seller_observations so ON so.id = ps.current_observation_id
               WHERE m.entity_id = p_entity AND so.province_new_code IS NOT NULL
               GROUP BY so.province_new_code ORDER BY count(*) DESC, so.province_new_code LIMIT 1)),
           coalesce((SELECT array_agg(DISTINCT ps.platform_id ORDER BY ps.platform_id)
                       FROM seller_entity_members m JOIN platform_sellers ps ON ps.id = m.seller_id
                      WHERE m.entity_id = p_entity), '{}')
  $fn$`;

const SYNC_FUNCTION = `
  CREATE FUNCTION case_queue_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO case_queue (case_id, entity_id, tax_year, status, estimate, link_confidence, link_band, signal_codes, waiting_on,
                            assigned_to, taxpayer_id, province_code, platform_ids, opened_at, updated_at, version)
    SELECT NEW.id, NEW.entity_id, NEW.tax_year, NEW.status, NEW.estimated_tax_at_risk, NEW.link_confidence, NEW.link_band,
           NEW.signal_codes, NEW.waiting_on, NEW.assigned_to, NEW.taxpayer_id, f.province_code, f.platform_ids,
           NEW.opened_at, NEW.updated_at, NEW.version
    FROM case_queue_facets(NEW.entity_id, NEW.taxpayer_id) f
    ON CONFLICT (case_id) DO UPDATE SET
      entity_id = EXCLUDED.entity_id, tax_year = EXCLUDED.tax_year, status = EXCLUDED.status, estimate = EXCLUDED.estimate,
      link_confidence = EXCLUDED.link_confidence, link_band = EXCLUDED.link_band, signal_codes = EXCLUDED.signal_codes,
      waiting_on = EXCLUDED.waiting_on, assigned_to = EXCLUDED.assigned_to, taxpayer_id = EXCLUDED.taxpayer_id,
      province_code = EXCLUDED.province_code, platform_ids = EXCLUDED.platform_ids, opened_at = EXCLUDED.opened_at,
      updated_at = EXCLUDED.updated_at, version = EXCLUDED.version;
    RETURN NULL;
  END $fn$`;

/** Identity resolution moved shops between entities: the facets of the cases of every entity involved, set-based. */
const MEMBERS_FUNCTION = `
  CREATE FUNCTION case_queue_members_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    touched uuid[];
  BEGIN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT entity_id) INTO touched FROM changed_new;
    ELSIF TG_OP = 'UPDATE' THEN
      SELECT array_agg(DISTINCT entity_id) INTO touched FROM (SELECT entity_id FROM changed_new UNION SELECT entity_id FROM changed_old) e;
    ELSE
      SELECT array_agg(DISTINCT entity_id) INTO touched FROM changed_old;
    END IF;
    IF touched IS NULL THEN RETURN NULL; END IF;
    UPDATE case_queue q SET province_code = f.province_code, platform_ids = f.platform_ids
    FROM case_queue x, LATERAL case_queue_facets(x.entity_id, x.taxpayer_id) f
    WHERE x.entity_id = ANY (touched) AND q.case_id = x.case_id
      AND (q.province_code, q.platform_ids) IS DISTINCT FROM (f.province_code, f.platform_ids);
    RETURN NULL;
  END $fn$`;
