/**
 * Incremental runs. An entity is reconciled only when its inputs changed: the input fingerprint below hashes
 * the version markers of everything its figures and signals read ($2 adds the judgment context: code version,
 * rule version, latest filing deadline passed). Candidates come from the rows changed since the watermark.
 */
export const INPUT_FINGERPRINTS = `
WITH ents AS (
  SELECT e.id, e.band, e.taxpayer_id, e.score, e.is_active FROM seller_entities e WHERE e.id = ANY($1::uuid[])
), members AS (
  SELECT m.entity_id, m.seller_id FROM seller_entity_members m WHERE m.entity_id = ANY($1::uuid[])
), shops AS (
  SELECT mb.entity_id,
         string_agg(concat_ws(':', mb.seller_id, ps.current_version, ps.current_observation_id, sl.band, sl.taxpayer_id, sl.score), ',' ORDER BY mb.seller_id) AS v,
         string_agg(DISTINCT ti.taxpayer_id::text, ',') AS reported
  FROM members mb
  JOIN platform_sellers ps ON ps.id = mb.seller_id
  LEFT JOIN seller_links sl ON sl.seller_id = mb.seller_id
  LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
  LEFT JOIN taxpayer_identifiers ti ON ti.bidx IN (so.tax_code_bidx, so.national_id_bidx)
  GROUP BY mb.entity_id
), revenue AS (
  SELECT mb.entity_id, string_agg(concat_ws(':', cr.seller_id, cr.period, cr.observation_id), ',' ORDER BY cr.seller_id, cr.period) AS v
  FROM members mb JOIN current_revenue cr ON cr.seller_id = mb.seller_id GROUP BY mb.entity_id
), taxpayer AS (
  SELECT e.id AS entity_id, concat_ws(':', t.current_version, t.changed_at) AS v FROM ents e JOIN taxpayers t ON t.id = e.taxpayer_id
), identifiers AS (
  SELECT e.id AS entity_id, ti.bidx, ti.added_at FROM ents e JOIN taxpayer_identifiers ti ON ti.taxpayer_id = e.taxpayer_id
), returns AS (
  SELECT i.entity_id, concat_ws(':', count(*), max(d.id)) AS v FROM identifiers i JOIN declarations d ON d.taxpayer_bidx = i.bidx GROUP BY 1
), resolved AS (
  SELECT e.id AS entity_id, concat_ws(':', count(*), max(d.id)) AS v FROM ents e JOIN declarations d ON d.taxpayer_id = e.taxpayer_id GROUP BY 1
), invoices AS (
  SELECT i.entity_id, concat_ws(':', count(*), sum(ia.total_before_tax), sum(ia.invoice_count), max(ia.changed_at)) AS v
  FROM identifiers i JOIN invoice_aggregates ia ON ia.seller_bidx = i.bidx GROUP BY 1
), known_as AS (
  SELECT entity_id, concat_ws(':', count(*), max(added_at)) AS v FROM identifiers GROUP BY 1
), shared AS (
  SELECT e.id AS entity_id, string_agg(o.id::text, ',' ORDER BY o.id) AS v
  FROM ents e JOIN seller_entities o ON o.taxpayer_id = e.taxpayer_id AND o.id <> e.id AND o.is_active AND o.band IN ('auto', 'confirmed')
  GROUP BY 1
)
SELECT e.id AS entity_id,
       md5(concat_ws('|', $2::text, e.band, e.taxpayer_id, e.score, e.is_active, sh.v, sh.reported, rv.v, tp.v, ka.v, rt.v, rs.v, iv.v, sd.v)) AS fingerprint,
       st.input_fingerprint AS stored
FROM ents e
LEFT JOIN shops sh ON sh.entity_id = e.id
LEFT JOIN revenue rv ON rv.entity_id = e.id
LEFT JOIN taxpayer tp ON tp.entity_id = e.id
LEFT JOIN known_as ka ON ka.entity_id = e.id
LEFT JOIN returns rt ON rt.entity_id = e.id
LEFT JOIN resolved rs ON rs.entity_id = e.id
LEFT JOIN invoices iv ON iv.entity_id = e.id
LEFT JOIN shared sd ON sd.entity_id = e.id
LEFT JOIN reconciliation_entity_state st ON st.entity_id = e.id`;

export const STORE_FINGERPRINTS = `
INSERT INTO reconciliation_entity_state (entity_id, input_fingerprint, run_id)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
ON CONFLICT (entity_id) DO UPDATE SET input_fingerprint = EXCLUDED.input_fingerprint, run_id = EXCLUDED.run_id, reconciled_at = now()`;

/** Entities whose inputs may have changed at or after $1 (every table the fingerprint reads, by its change time). */
export const CHANGED_ENTITIES = `
SELECT m.entity_id FROM current_revenue cr JOIN seller_entity_members m ON m.seller_id = cr.seller_id WHERE cr.changed_at >= $1
UNION SELECT m.entity_id FROM platform_sellers ps JOIN seller_entity_members m ON m.seller_id = ps.id WHERE ps.changed_at >= $1
UNION SELECT entity_id FROM seller_entity_members WHERE assigned_at >= $1
UNION SELECT id FROM seller_entities WHERE changed_at >= $1
UNION SELECT m.entity_id FROM seller_links sl JOIN seller_entity_members m ON m.seller_id = sl.seller_id WHERE sl.decided_at >= $1
UNION SELECT e.id FROM taxpayers t JOIN seller_entities e ON e.taxpayer_id = t.id WHERE t.changed_at >= $1
UNION SELECT e.id FROM taxpayer_identifiers ti JOIN seller_entities e ON e.taxpayer_id = ti.taxpayer_id WHERE ti.added_at >= $1
UNION SELECT e.id FROM declarations d JOIN taxpayer_identifiers ti ON ti.bidx = d.taxpayer_bidx
        JOIN seller_entities e ON e.taxpayer_id = ti.taxpayer_id WHERE d.observed_at >= $1
UNION SELECT e.id FROM declarations d JOIN seller_entities e ON e.taxpayer_id = d.taxpayer_id WHERE d.observed_at >= $1
UNION SELECT e.id FROM invoice_aggregates ia JOIN taxpayer_identifiers ti ON ti.bidx = ia.seller_bidx
        JOIN seller_entities e ON e.taxpayer_id = ti.taxpayer_id WHERE ia.changed_at >= $1`;

/** Every entity that has, or had, something to reconcile (a full run after a rule change or a passed deadline). */
export const ALL_ENTITIES = `
SELECT id AS entity_id FROM seller_entities WHERE is_active
UNION SELECT entity_id FROM entity_periods
UNION SELECT entity_id FROM signals WHERE state = 'active'`;

/**
 * The watermark a scan may advance to: now, or the start of the oldest transaction still open, whichever is
 * earlier. A row written by a transaction that has not committed yet carries a change time at or after its start,
 * so the next scan, starting from this mark, still sees it once it commits.
 */
export const SAFE_WATERMARK = `
SELECT least(clock_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL)) AS mark`;
