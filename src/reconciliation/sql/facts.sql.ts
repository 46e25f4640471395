/** Read-back of a chunk's figures and the rows signals are judged on ($1 = entity ids uuid[]). */

export const SHOP_QUARTER_ROWS = `
SELECT entity_id, tax_year, seller_id::text, platform_id, period, source, gross::text, refunds::text, net::text,
       vat_withheld::text, pit_withheld::text, withheld_revenue::text, other_source_net::text, category,
       observation_ids::text[] AS observation_ids
FROM recon_shop_quarters ORDER BY entity_id, period, seller_id`;

export const QUARTER_RECORD_ROWS = `
SELECT entity_id, tax_year, period, declared_revenue::text, lump_sum_revenue::text, declared_tax_paid::text,
       declaration_ids::text[] AS declaration_ids, invoiced_revenue::text, invoice_count, invoice_keys
FROM recon_entity_periods WHERE period_kind = 'quarter' ORDER BY entity_id, period`;

/** Every reported row on which a platform withheld something, with the category the platform reported. */
export const WITHHOLDING_ROWS = `
SELECT m.entity_id, extract(year FROM cr.period_start)::integer AS tax_year, cr.observation_id::text AS observation_id,
       cr.seller_id::text AS seller_id, ps.platform_id, cr.period, to_char(cr.period_start, 'YYYY-MM-DD') AS period_start,
       (cr.gross_revenue - cr.refunds)::text AS net, cr.vat_withheld::text AS vat_withheld, cr.pit_withheld::text AS pit_withheld,
       cr.tax_withheld::text AS tax_withheld, cr.withholding_split,
       so.category, coalesce(so.is_resident, true) AS resident, ro.activity
FROM seller_entity_members m
JOIN seller_entities e ON e.id = m.entity_id AND e.is_active
JOIN platform_sellers ps ON ps.id = m.seller_id
JOIN current_revenue cr ON cr.seller_id = m.seller_id
LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
LEFT JOIN revenue_observations ro ON ro.id = cr.observation_id
WHERE m.entity_id = ANY($1::uuid[]) AND cr.tax_withheld > 0
ORDER BY cr.observation_id`;

/**
 * Per shop: the identifier problems a data-repair officer can act on. `points_to`: a taxpayer the registry knows
 * under the tax code or personal ID the shop reported, other than the one the entity is linked to (the ID does not
 * fit the registry's name for it, or the entity is not linked at all).
 */
export const SHOP_IDENTITY_ROWS = `
SELECT m.entity_id, m.seller_id::text AS seller_id, so.tax_code_error,
       (so.tax_code IS NULL AND so.tax_code_bidx IS NULL AND so.national_id_bidx IS NULL) AS identifier_missing,
       (SELECT min(ti.taxpayer_id) FROM taxpayer_identifiers ti
         WHERE ti.bidx IN (so.tax_code_bidx, so.national_id_bidx) AND ti.taxpayer_id IS DISTINCT FROM e.taxpayer_id)::text AS points_to
FROM seller_entity_members m
JOIN seller_entities e ON e.id = m.entity_id AND e.is_active
JOIN platform_sellers ps ON ps.id = m.seller_id
JOIN seller_observations so ON so.id = ps.current_observation_id
WHERE m.entity_id = ANY($1::uuid[]) AND NOT so.is_deleted
ORDER BY m.seller_id`;

/** Entities sharing their taxpayer with another active, linked entity (identity resolution should merge them). */
export const SHARED_TAXPAYER_ROWS = `
SELECT e.id AS entity_id, min(o.id::text) AS other_entity_id
FROM seller_entities e
JOIN seller_entities o ON o.taxpayer_id = e.taxpayer_id AND o.id <> e.id AND o.is_active AND o.band IN ('auto', 'confirmed')
WHERE e.id = ANY($1::uuid[]) AND e.band IN ('auto', 'confirmed')
GROUP BY e.id`;
