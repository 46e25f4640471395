/**
 * Seller search reads identity resolution's feature table (`match_seller_features`, GIN-indexed `ids` and `bkeys`)
 * so that every kind of search is an index probe, even on a national register:
 * - `ids` holds the blind indexes of the tax code and national ID a seller reported;
 * - `skeys` / `bkeys` hold hashed blocking keys (strong / weak): `ph:<hex phone bidx>`, `n:<sorted folded name>`,
 *   `a:<sorted shop name>`, hashed in Node by `blockingKey` (src/matching/features/feature-keys.ts). Each probe looks in both (two GIN indexes), so
 *   a key moving from one set to the other does not break search; the hit is confirmed on the column it came from.
 * Sellers are searchable once matching has seen them (it writes the features).
 */
export const BY_IDENTIFIER = `
  SELECT seller_id FROM match_seller_features WHERE ids @> ARRAY[$1::bytea]
  UNION
  SELECT sl.seller_id FROM taxpayer_identifiers ti JOIN seller_links sl ON sl.taxpayer_id = ti.taxpayer_id AND sl.band IN ('auto', 'review', 'confirmed')
  WHERE ti.bidx = $1
  LIMIT $2`;

/** $1 phone blind index, $2 limit, $3 its blocking key (`blockingKey('ph', hex)`). */
export const BY_PHONE = `
  SELECT seller_id FROM match_seller_features
  WHERE (skeys @> ARRAY[$3::bigint] OR bkeys @> ARRAY[$3::bigint]) AND phone = $1
  LIMIT $2`;

/** $1 sorted folded name, $2 limit, $3 and $4 its person-name and shop-name keys. */
export const BY_NAME = `
  SELECT seller_id FROM match_seller_features
  WHERE ((skeys @> ARRAY[$3::bigint] OR bkeys @> ARRAY[$3::bigint]) AND nm_sorted = $1)
     OR ((skeys @> ARRAY[$4::bigint] OR bkeys @> ARRAY[$4::bigint]) AND alt_sorted = $1)
  LIMIT $2`;

/** A seller reference is unique per platform; probing each platform uses the (platform_id, seller_ref) key. */
export const BY_REFERENCE = `
  SELECT ps.id AS seller_id FROM platform_sellers ps
  WHERE ps.platform_id = ANY (ARRAY(SELECT id FROM platforms)) AND ps.seller_ref = $1
  LIMIT $2`;

/** What the console shows of each hit: masked identifiers only, the link, the entity and its cases. */
export const SELLER_ROWS = `
  SELECT ps.id::text AS "sellerId", p.code AS platform, p.name AS "platformName", ps.seller_ref AS "sellerRef",
         so.shop_name AS "shopName", so.seller_name AS "sellerName", so.tax_code AS "taxCode", so.national_id_masked AS "nationalIdMasked",
         so.phone_masked AS "phoneMasked", so.province_new_code AS province, so.category,
         coalesce(sl.band, 'none') AS band, sl.score::text AS score, sl.taxpayer_id::text AS "taxpayerId",
         tv.name AS "taxpayerName", tv.tax_code AS "taxpayerTaxCode", m.entity_id AS "entityId",
         coalesce((SELECT json_agg(json_build_object('id', c.id, 'taxYear', c.tax_year, 'status', c.status,
                                                     'estimatedTaxAtRisk', c.estimated_tax_at_risk::text) ORDER BY c.tax_year DESC)
                   FROM cases c WHERE c.entity_id = m.entity_id), '[]') AS cases
  FROM platform_sellers ps
  JOIN platforms p ON p.id = ps.platform_id
  LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
  LEFT JOIN seller_links sl ON sl.seller_id = ps.id
  LEFT JOIN seller_entity_members m ON m.seller_id = ps.id
  LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = sl.taxpayer_id AND tv.valid_to IS NULL AND sl.band IN ('auto', 'review', 'confirmed')
  WHERE ps.id = ANY ($1::bigint[]) AND ($2::uuid IS NULL OR ps.platform_id = $2::uuid)
  ORDER BY p.code, ps.seller_ref`;
