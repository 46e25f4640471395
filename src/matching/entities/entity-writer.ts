import { PoolClient } from 'pg';

/**
 * Writes the groups in tmp_ent_assign (seller → root) as entities, keeping ids stable:
 * - each old entity's heir is the new group holding its oldest (smallest id) member;
 * - a group that is heir to several old entities (a merge) keeps the one whose oldest member is oldest, and the
 *   others are retired with `merged_into` pointing at it;
 * - a group heir to none (new sellers, or the part of a split without the old oldest member) gets a new id,
 *   derived from its oldest seller and the run so a retried run makes the same one (shaped as a version-4 UUID).
 * Only what changed is written; entities that gained, lost or changed anything are recorded for the run.
 */
export async function writeEntities(client: PoolClient, runId: string): Promise<{ entitiesTouched: number; membershipsChanged: number }> {
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS tmp_ent_target (root bigint PRIMARY KEY, entity_id uuid NOT NULL, is_new boolean NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS tmp_ent_old (seller_id bigint PRIMARY KEY, root bigint NOT NULL, entity_id uuid NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS tmp_ent_touched (entity_id uuid PRIMARY KEY);
    TRUNCATE tmp_ent_target, tmp_ent_old, tmp_ent_touched;
    ANALYZE tmp_ent_assign;
    INSERT INTO tmp_ent_old SELECT a.seller_id, a.root, m.entity_id FROM tmp_ent_assign a JOIN seller_entity_members m ON m.seller_id = a.seller_id;
    ANALYZE tmp_ent_old;`);
  await client.query(
    `WITH heirs AS (SELECT DISTINCT ON (entity_id) entity_id, root, seller_id AS oldest FROM tmp_ent_old ORDER BY entity_id, seller_id),
     choice AS (SELECT DISTINCT ON (root) root, entity_id FROM heirs ORDER BY root, oldest)
     INSERT INTO tmp_ent_target (root, entity_id, is_new)
     SELECT r.root, coalesce(c.entity_id, overlay(overlay(md5('seller-entity:' || r.root || ':' || $1) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid),
            c.entity_id IS NULL
     FROM (SELECT DISTINCT root FROM tmp_ent_assign) AS r LEFT JOIN choice c ON c.root = r.root`,
    [runId],
  );
  await client.query(`ANALYZE tmp_ent_target`);
  await client.query(`
    INSERT INTO seller_entities (id, band, is_active) SELECT entity_id, 'none', true FROM tmp_ent_target WHERE is_new
    ON CONFLICT (id) DO NOTHING`);

  // Memberships that changed, and their history.
  const moved = await client.query(`
    WITH constrained AS (
      SELECT seller_lo AS seller_id FROM entity_constraints UNION SELECT seller_hi FROM entity_constraints
    ),
    target AS (
      SELECT a.seller_id, t.entity_id, CASE WHEN c.seller_id IS NOT NULL THEN 'officer' ELSE 'system' END AS assigned_by
      FROM tmp_ent_assign a JOIN tmp_ent_target t ON t.root = a.root
      LEFT JOIN constrained c ON c.seller_id = a.seller_id
    ),
    changed AS (
      SELECT t.*, m.entity_id AS old_entity FROM target t LEFT JOIN seller_entity_members m ON m.seller_id = t.seller_id
      WHERE m.entity_id IS DISTINCT FROM t.entity_id
    ),
    upserted AS (
      INSERT INTO seller_entity_members (seller_id, entity_id, assigned_by, assigned_at)
      SELECT seller_id, entity_id, assigned_by, now() FROM changed
      ON CONFLICT (seller_id) DO UPDATE SET entity_id = EXCLUDED.entity_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
      RETURNING 1
    ),
    history AS (
      INSERT INTO seller_entity_history (seller_id, entity_id, assigned_by, run_id)
      SELECT seller_id, entity_id, assigned_by, $1 FROM changed
    ),
    touched AS (
      INSERT INTO tmp_ent_touched SELECT entity_id FROM changed UNION SELECT old_entity FROM changed WHERE old_entity IS NOT NULL
      ON CONFLICT DO NOTHING
    )
    SELECT count(*) AS n FROM changed`,
    [runId],
  );

  // Old entities no group kept: retired, pointing at the entity that took their oldest member.
  await client.query(`
    WITH gone AS (
      SELECT DISTINCT ON (o.entity_id) o.entity_id AS id, t.entity_id AS successor
      FROM tmp_ent_old o JOIN tmp_ent_target t ON t.root = o.root
      WHERE NOT EXISTS (SELECT 1 FROM tmp_ent_target k WHERE k.entity_id = o.entity_id)
      ORDER BY o.entity_id, o.seller_id
    ),
    retired AS (
      UPDATE seller_entities e SET is_active = false, merged_into = g.successor, taxpayer_id = NULL, band = 'none', score = NULL, changed_at = now()
      FROM gone g WHERE e.id = g.id AND e.is_active
      RETURNING e.id
    )
    INSERT INTO tmp_ent_touched SELECT id FROM retired ON CONFLICT DO NOTHING`);

  // The entity's link: its members' strongest (confirmed, then auto, then review; best score).
  await client.query(`
    WITH best AS (
      SELECT DISTINCT ON (t.entity_id) t.entity_id, l.taxpayer_id, coalesce(l.band, 'none') AS band, l.score
      FROM tmp_ent_assign a JOIN tmp_ent_target t ON t.root = a.root
      LEFT JOIN seller_links l ON l.seller_id = a.seller_id AND l.band IN ('confirmed', 'auto', 'review')
      ORDER BY t.entity_id, CASE l.band WHEN 'confirmed' THEN 0 WHEN 'auto' THEN 1 WHEN 'review' THEN 2 ELSE 3 END,
               l.score DESC NULLS LAST, l.taxpayer_id
    ),
    updated AS (
      UPDATE seller_entities e SET taxpayer_id = b.taxpayer_id, band = b.band, score = b.score, is_active = true, merged_into = NULL, changed_at = now()
      FROM best b
      WHERE e.id = b.entity_id AND (e.taxpayer_id IS DISTINCT FROM b.taxpayer_id OR e.band <> b.band OR e.score IS DISTINCT FROM b.score OR NOT e.is_active)
      RETURNING e.id
    )
    INSERT INTO tmp_ent_touched SELECT id FROM updated ON CONFLICT DO NOTHING`);

  const touched = await client.query(
    `INSERT INTO match_run_entities (run_id, entity_id) SELECT $1, entity_id FROM tmp_ent_touched ON CONFLICT DO NOTHING`,
    [runId],
  );
  return { entitiesTouched: touched.rowCount ?? 0, membershipsChanged: Number(moved.rows[0].n) };
}
