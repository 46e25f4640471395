/**
 * "What was believed at T" from identity resolution's append-only histories: a seller's link is its last
 * match_history row recorded at or before T; its entity, its last seller_entity_history row at or before T.
 */
const LINK_COLUMNS = `h.id::text, h.seller_id::text AS "sellerId", h.taxpayer_id::text AS "taxpayerId", h.band, h.score::text AS score,
  h.match_weight::text AS "matchWeight", h.explanation, h.model_version AS "modelVersion", h.rule_version AS "ruleVersion",
  h.seller_version AS "sellerVersion", h.taxpayer_version AS "taxpayerVersion", h.decided_by AS "decidedBy", h.decision_id AS "decisionId",
  h.run_id AS "runId", h.recorded_at AS "recordedAt"`;

export const SELLER = `
  SELECT ps.id::text AS "sellerId", p.code AS platform, ps.seller_ref AS "sellerRef", ps.first_seen_at AS "firstSeenAt"
  FROM platform_sellers ps JOIN platforms p ON p.id = ps.platform_id WHERE ps.id = $1`;

export const SELLER_LINK_AS_OF = `
  SELECT ${LINK_COLUMNS} FROM match_history h WHERE h.seller_id = $1 AND h.recorded_at <= $2 ORDER BY h.recorded_at DESC, h.id DESC LIMIT 1`;

export const SELLER_ENTITY_AS_OF = `
  SELECT entity_id AS "entityId", assigned_by AS "assignedBy", recorded_at AS "recordedAt"
  FROM seller_entity_history WHERE seller_id = $1 AND recorded_at <= $2 ORDER BY recorded_at DESC, id DESC LIMIT 1`;

export const SELLER_HISTORY = `
  SELECT ${LINK_COLUMNS} FROM match_history h WHERE h.seller_id = $1 AND h.recorded_at <= $2 ORDER BY h.recorded_at, h.id`;

export const TAXPAYER_AS_OF = `
  SELECT taxpayer_id::text AS id, version, name, tax_code AS "taxCode", national_id_masked AS "nationalIdMasked", status,
         valid_from AS "validFrom", valid_to AS "validTo"
  FROM taxpayer_versions WHERE taxpayer_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
  ORDER BY version DESC LIMIT 1`;

/** Sellers whose belief at T linked them to the taxpayer (any band but none/rejected). */
export const TAXPAYER_LINKS_AS_OF = `
  WITH sellers AS (SELECT DISTINCT seller_id FROM match_history WHERE taxpayer_id = $1 AND recorded_at <= $2)
  SELECT ${LINK_COLUMNS}, p.code AS platform, ps.seller_ref AS "sellerRef"
  FROM sellers s
  CROSS JOIN LATERAL (SELECT * FROM match_history mh WHERE mh.seller_id = s.seller_id AND mh.recorded_at <= $2
                      ORDER BY mh.recorded_at DESC, mh.id DESC LIMIT 1) h
  JOIN platform_sellers ps ON ps.id = h.seller_id JOIN platforms p ON p.id = ps.platform_id
  WHERE h.taxpayer_id = $1 AND h.band IN ('auto', 'review', 'confirmed')
  ORDER BY h.seller_id`;

export const TAXPAYER_HISTORY = `
  SELECT ${LINK_COLUMNS} FROM match_history h WHERE h.taxpayer_id = $1 AND h.recorded_at <= $2 ORDER BY h.recorded_at, h.id`;

/** Members of the entity at T, each with its link at T. */
export const ENTITY_MEMBERS_AS_OF = `
  WITH candidates AS (SELECT DISTINCT seller_id FROM seller_entity_history WHERE entity_id = $1 AND recorded_at <= $2)
  SELECT c.seller_id::text AS "sellerId", p.code AS platform, ps.seller_ref AS "sellerRef", e.assigned_by AS "assignedBy", e.recorded_at AS "memberSince",
         l.taxpayer_id::text AS "taxpayerId", coalesce(l.band, 'none') AS band, l.score::text AS score, l.explanation, l.model_version AS "modelVersion",
         l.decided_by AS "decidedBy", l.recorded_at AS "linkRecordedAt"
  FROM candidates c
  CROSS JOIN LATERAL (SELECT entity_id, assigned_by, recorded_at FROM seller_entity_history h WHERE h.seller_id = c.seller_id AND h.recorded_at <= $2
                      ORDER BY h.recorded_at DESC, h.id DESC LIMIT 1) e
  LEFT JOIN LATERAL (SELECT * FROM match_history mh WHERE mh.seller_id = c.seller_id AND mh.recorded_at <= $2
                     ORDER BY mh.recorded_at DESC, mh.id DESC LIMIT 1) l ON true
  JOIN platform_sellers ps ON ps.id = c.seller_id JOIN platforms p ON p.id = ps.platform_id
  WHERE e.entity_id = $1
  ORDER BY c.seller_id`;
