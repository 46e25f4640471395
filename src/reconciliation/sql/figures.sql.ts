/**
 * Set-based figures for a chunk of seller entities ($1 uuid[]), written to two temporary tables of the chunk's
 * transaction and then merged into entity_shop_quarters / entity_periods (only rows that changed are written).
 * README "Figures" states the definitions these implement.
 */

/**
 * One row per shop (platform seller) and quarter. A platform may report the same shop by quarter (Decree 91, DPI)
 * and by month (Decree 117): both describe the same sales, so they are never added. Per shop and quarter the
 * report with the larger net revenue is taken (ties: the monthly one, which carries the withholding detail);
 * the other is kept in other_source_net for the record.
 */
export const BUILD_SHOP_QUARTERS = `
CREATE TEMP TABLE recon_shop_quarters ON COMMIT DROP AS
WITH members AS (
  SELECT m.entity_id, m.seller_id, ps.platform_id, so.category, so.is_resident
  FROM seller_entity_members m
  JOIN seller_entities e ON e.id = m.entity_id AND e.is_active
  JOIN platform_sellers ps ON ps.id = m.seller_id
  LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
  WHERE m.entity_id = ANY($1::uuid[])
), per_source AS (
  SELECT mb.entity_id, mb.seller_id, mb.platform_id, mb.category, mb.is_resident,
         to_char(cr.period_start, 'YYYY-"Q"Q') AS period,
         extract(year FROM cr.period_start)::integer AS tax_year,
         CASE WHEN cr.period ~ '[Qq]' THEN 'quarter' ELSE 'months' END AS source,
         sum(cr.gross_revenue)::bigint AS gross,
         sum(cr.refunds)::bigint AS refunds,
         sum(cr.gross_revenue - cr.refunds)::bigint AS net,
         sum(cr.vat_withheld)::bigint AS vat_withheld,
         sum(cr.pit_withheld)::bigint AS pit_withheld,
         sum(cr.tax_withheld)::bigint AS tax_withheld,
         sum(CASE WHEN cr.tax_withheld > 0 THEN cr.gross_revenue - cr.refunds ELSE 0 END)::bigint AS withheld_revenue,
         array_agg(cr.observation_id ORDER BY cr.observation_id) AS observation_ids
  FROM members mb
  JOIN current_revenue cr ON cr.seller_id = mb.seller_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
), ranked AS (
  SELECT p.*, row_number() OVER w AS pick, lead(p.net) OVER w AS other_source_net
  FROM per_source p
  WINDOW w AS (PARTITION BY p.seller_id, p.period ORDER BY p.net DESC, p.source ASC)
)
SELECT seller_id, period, entity_id, tax_year, platform_id, source, gross, refunds, net, vat_withheld, pit_withheld,
       tax_withheld, withheld_revenue, other_source_net, observation_ids, category, is_resident
FROM ranked WHERE pick = 1`;

const SHOP_COLUMNS = `entity_id, tax_year, platform_id, source, gross, refunds, net, vat_withheld, pit_withheld, tax_withheld, withheld_revenue,
  other_source_net, observation_ids, category, is_resident`;

export const MERGE_SHOP_QUARTERS = [
  `DELETE FROM entity_shop_quarters t
   WHERE (t.entity_id = ANY($1::uuid[]) OR t.seller_id IN (SELECT seller_id FROM recon_shop_quarters))
     AND NOT EXISTS (SELECT 1 FROM recon_shop_quarters n WHERE n.seller_id = t.seller_id AND n.period = t.period)`,
  `INSERT INTO entity_shop_quarters (seller_id, period, ${SHOP_COLUMNS})
   SELECT seller_id, period, ${SHOP_COLUMNS} FROM recon_shop_quarters
   ON CONFLICT (seller_id, period) DO UPDATE SET (${SHOP_COLUMNS}) = (${prefixed(SHOP_COLUMNS, 'EXCLUDED.')})
   WHERE (${prefixed(SHOP_COLUMNS, 'entity_shop_quarters.')}) IS DISTINCT FROM (${prefixed(SHOP_COLUMNS, 'EXCLUDED.')})`,
];

/**
 * The entity's registry link as reconciliation uses it. `band`: auto/confirmed with a taxpayer = registered;
 * review when the entity or any of its shops waits on link review; none otherwise.
 */
export const ENTITY_LINKS = `
SELECT e.id AS entity_id, e.is_active,
       CASE WHEN e.band IN ('auto', 'confirmed') AND e.taxpayer_id IS NOT NULL THEN e.band
            WHEN e.band = 'review' OR rl.taxpayer_id IS NOT NULL THEN 'review'
            ELSE 'none' END AS band,
       CASE WHEN e.band IN ('auto', 'confirmed', 'review') THEN e.taxpayer_id ELSE rl.taxpayer_id END AS taxpayer_id,
       coalesce(CASE WHEN e.band = 'none' AND rl.taxpayer_id IS NOT NULL THEN rl.score END, e.score)::text AS score,
       tv.status AS taxpayer_status, tv.registered_on, tv.business_category, tv.tax_code, tv.national_id_masked
FROM seller_entities e
LEFT JOIN LATERAL (
  SELECT sl.taxpayer_id, sl.score FROM seller_entity_members m JOIN seller_links sl ON sl.seller_id = m.seller_id
  WHERE m.entity_id = e.id AND sl.band = 'review' ORDER BY sl.score DESC NULLS LAST, sl.seller_id LIMIT 1
) rl ON true
LEFT JOIN LATERAL (
  SELECT v.status, v.registered_on, v.business_category, v.tax_code, v.national_id_masked FROM taxpayer_versions v
  WHERE v.taxpayer_id = e.taxpayer_id AND v.valid_to IS NULL AND e.band IN ('auto', 'confirmed')
  ORDER BY v.version DESC LIMIT 1
) tv ON true
WHERE e.id = ANY($1::uuid[])`;

/**
 * One row per entity and quarter of every tax year the entity has platform revenue in (quarters with neither
 * revenue, declarations nor invoices are left out), then one row per entity and tax year summing them.
 */
export const BUILD_ENTITY_PERIODS = `
CREATE TEMP TABLE recon_entity_periods ON COMMIT DROP AS
WITH links AS (${ENTITY_LINKS}),
years AS (SELECT DISTINCT entity_id, tax_year FROM recon_shop_quarters),
quarters AS (
  SELECT y.entity_id, y.tax_year, y.tax_year || '-Q' || q AS period, make_date(y.tax_year, q * 3 - 2, 1) AS period_start,
         (make_date(y.tax_year, q * 3 - 2, 1) + interval '3 months' - interval '1 day')::date AS period_end
  FROM years y CROSS JOIN generate_series(1, 4) AS q
), registered AS (
  SELECT entity_id, taxpayer_id FROM links WHERE band IN ('auto', 'confirmed')
), family AS (
  -- The linked taxpayer, the records the registry merged with it, and for a business code its head office and
  -- branches (same 10-digit root): a company may declare at the head office for shops linked to a branch.
  SELECT entity_id, taxpayer_id FROM registered
  UNION
  SELECT r.entity_id, t.id FROM registered r JOIN taxpayers t ON t.merged_into = r.taxpayer_id
  UNION
  SELECT r.entity_id, t.merged_into FROM registered r JOIN taxpayers t ON t.id = r.taxpayer_id AND t.merged_into IS NOT NULL
  UNION
  SELECT r.entity_id, o.taxpayer_id
  FROM registered r
  JOIN taxpayer_identifiers mine ON mine.taxpayer_id = r.taxpayer_id AND mine.kind = 'tax_code' AND mine.tax_code ~ '^[0-9]{10}(-?[0-9]{3})?$'
  JOIN taxpayer_identifiers o ON o.kind = 'tax_code' AND o.tax_code IS NOT NULL AND left(o.tax_code, 10) = left(mine.tax_code, 10)
), identifiers AS (
  SELECT f.entity_id, ti.bidx FROM family f JOIN taxpayer_identifiers ti ON ti.taxpayer_id = f.taxpayer_id
), declaration_keys AS (
  -- A return belongs to the taxpayer under any of its identifiers, or by the registry's own resolution.
  SELECT i.entity_id, d.id FROM identifiers i JOIN declarations d ON d.taxpayer_bidx = i.bidx
  UNION
  SELECT f.entity_id, d.id FROM family f JOIN declarations d ON d.taxpayer_id = f.taxpayer_id
), declaration_rows AS (
  SELECT k.entity_id, d.* FROM declaration_keys k JOIN declarations d ON d.id = k.id
), latest_versions AS (
  SELECT DISTINCT ON (entity_id, taxpayer_bidx, period) * FROM declaration_rows
  WHERE extract(year FROM period_start)::integer IN (SELECT tax_year FROM years y WHERE y.entity_id = declaration_rows.entity_id)
  ORDER BY entity_id, taxpayer_bidx, period, version DESC
), returns AS (
  -- One return per entity and period: when several of the taxpayer's identifiers filed it, the latest filed counts.
  SELECT DISTINCT ON (entity_id, period) * FROM latest_versions
  ORDER BY entity_id, period, filed_on DESC NULLS LAST, observed_at DESC, id DESC
), declared_by_source AS (
  SELECT entity_id, to_char(period_start, 'YYYY-"Q"Q') AS period,
         CASE WHEN period ~ '[Qq]' THEN 'quarter' ELSE 'months' END AS source,
         sum(declared_revenue)::bigint AS declared_revenue,
         sum(CASE WHEN filing_method = 'lump_sum' THEN declared_revenue ELSE 0 END)::bigint AS lump_sum_revenue,
         sum(tax_paid)::bigint AS declared_tax_paid,
         array_agg(id ORDER BY id) AS declaration_ids
  FROM returns GROUP BY 1, 2, 3
), declared AS (
  -- Monthly and quarterly returns of the same quarter are combined like platform reports: the larger counts.
  SELECT DISTINCT ON (entity_id, period) * FROM declared_by_source ORDER BY entity_id, period, declared_revenue DESC, source ASC
), invoiced AS (
  SELECT i.entity_id, to_char(ia.month, 'YYYY-"Q"Q') AS period,
         sum(ia.total_before_tax)::bigint AS invoiced_revenue, sum(ia.invoice_count)::integer AS invoice_count,
         array_agg(encode(ia.seller_bidx, 'hex') || ':' || to_char(ia.month, 'YYYY-MM') ORDER BY ia.seller_bidx, ia.month) AS invoice_keys
  FROM identifiers i JOIN invoice_aggregates ia ON ia.seller_bidx = i.bidx
  GROUP BY 1, 2
), shops AS (
  SELECT entity_id, period, sum(gross)::bigint AS gross, sum(refunds)::bigint AS refunds, sum(net)::bigint AS net,
         sum(vat_withheld)::bigint AS vat, sum(pit_withheld)::bigint AS pit, sum(tax_withheld)::bigint AS tax,
         sum(withheld_revenue)::bigint AS withheld_revenue,
         count(DISTINCT platform_id)::integer AS platform_count, count(*)::integer AS shop_count
  FROM recon_shop_quarters GROUP BY 1, 2
)
SELECT q.entity_id, q.period, 'quarter'::text AS period_kind, q.tax_year, q.period_start, q.period_end,
       coalesce(s.gross, 0) AS platform_gross, coalesce(s.refunds, 0) AS platform_refunds, coalesce(s.net, 0) AS platform_net,
       coalesce(s.vat, 0) AS withheld_vat, coalesce(s.pit, 0) AS withheld_pit, coalesce(s.tax, 0) AS withheld_total,
       coalesce(s.withheld_revenue, 0) AS withheld_revenue,
       coalesce(s.platform_count, 0) AS platform_count, coalesce(s.shop_count, 0) AS shop_count,
       coalesce(d.declared_revenue, 0) AS declared_revenue, coalesce(d.lump_sum_revenue, 0) AS lump_sum_revenue,
       coalesce(d.declared_tax_paid, 0) AS declared_tax_paid, coalesce(d.declaration_ids, '{}') AS declaration_ids,
       coalesce(i.invoiced_revenue, 0) AS invoiced_revenue, coalesce(i.invoice_count, 0) AS invoice_count,
       coalesce(i.invoice_keys, '{}') AS invoice_keys,
       CASE WHEN l.band IN ('auto', 'confirmed') THEN l.taxpayer_id END AS taxpayer_id, l.band AS link_band,
       CASE l.band WHEN 'review' THEN 'pending_review' WHEN 'none' THEN 'unregistered'
            ELSE CASE WHEN l.registered_on IS NULL OR l.registered_on <= q.period_end THEN 'registered' ELSE 'registered_later' END
       END AS registration_status,
       l.taxpayer_status, l.registered_on
FROM quarters q
JOIN links l ON l.entity_id = q.entity_id
LEFT JOIN shops s ON s.entity_id = q.entity_id AND s.period = q.period
LEFT JOIN declared d ON d.entity_id = q.entity_id AND d.period = q.period
LEFT JOIN invoiced i ON i.entity_id = q.entity_id AND i.period = q.period
WHERE s.entity_id IS NOT NULL OR d.entity_id IS NOT NULL OR i.entity_id IS NOT NULL`;

/** The tax-year rows, from the quarter rows (platform and shop counts over the year's distinct shops). */
export const ADD_YEAR_PERIODS = `
INSERT INTO recon_entity_periods
SELECT p.entity_id, p.tax_year::text, 'year', p.tax_year, make_date(p.tax_year, 1, 1), make_date(p.tax_year, 12, 31),
       p.platform_gross, p.platform_refunds, p.platform_net, p.withheld_vat, p.withheld_pit, p.withheld_total, p.withheld_revenue,
       coalesce(s.platform_count, 0), coalesce(s.shop_count, 0),
       p.declared_revenue, p.lump_sum_revenue, p.declared_tax_paid, coalesce(d.ids, '{}'),
       p.invoiced_revenue, p.invoice_count, coalesce(i.keys, '{}'),
       p.taxpayer_id, p.link_band,
       CASE p.link_band WHEN 'review' THEN 'pending_review' WHEN 'none' THEN 'unregistered'
            ELSE CASE WHEN p.registered_on IS NULL OR p.registered_on <= make_date(p.tax_year, 12, 31) THEN 'registered' ELSE 'registered_later' END
       END,
       p.taxpayer_status, p.registered_on
FROM (
  SELECT entity_id, tax_year, sum(platform_gross) AS platform_gross, sum(platform_refunds) AS platform_refunds,
         sum(platform_net) AS platform_net, sum(withheld_vat) AS withheld_vat, sum(withheld_pit) AS withheld_pit,
         sum(withheld_total) AS withheld_total, sum(withheld_revenue) AS withheld_revenue, sum(declared_revenue) AS declared_revenue,
         sum(lump_sum_revenue) AS lump_sum_revenue, sum(declared_tax_paid) AS declared_tax_paid,
         sum(invoiced_revenue) AS invoiced_revenue, sum(invoice_count) AS invoice_count, max(taxpayer_id) AS taxpayer_id,
         max(link_band) AS link_band, max(taxpayer_status) AS taxpayer_status, max(registered_on) AS registered_on
  FROM recon_entity_periods GROUP BY entity_id, tax_year
) p
LEFT JOIN (
  SELECT entity_id, tax_year, count(DISTINCT platform_id) AS platform_count, count(DISTINCT seller_id) AS shop_count
  FROM recon_shop_quarters GROUP BY entity_id, tax_year
) s ON s.entity_id = p.entity_id AND s.tax_year = p.tax_year
LEFT JOIN (
  SELECT q.entity_id, q.tax_year, array_agg(x ORDER BY x) AS ids FROM recon_entity_periods q, unnest(q.declaration_ids) x GROUP BY 1, 2
) d ON d.entity_id = p.entity_id AND d.tax_year = p.tax_year
LEFT JOIN (
  SELECT q.entity_id, q.tax_year, array_agg(x ORDER BY x) AS keys FROM recon_entity_periods q, unnest(q.invoice_keys) x GROUP BY 1, 2
) i ON i.entity_id = p.entity_id AND i.tax_year = p.tax_year`;

const PERIOD_COLUMNS = `period_kind, tax_year, period_start, period_end, platform_gross, platform_refunds, platform_net, withheld_vat,
  withheld_pit, withheld_total, withheld_revenue, platform_count, shop_count, declared_revenue, lump_sum_revenue, declared_tax_paid,
  declaration_ids, invoiced_revenue, invoice_count, invoice_keys, taxpayer_id, link_band, registration_status,
  taxpayer_status, registered_on`;

export const MERGE_ENTITY_PERIODS = [
  `DELETE FROM entity_periods t WHERE t.entity_id = ANY($1::uuid[])
     AND NOT EXISTS (SELECT 1 FROM recon_entity_periods n WHERE n.entity_id = t.entity_id AND n.period = t.period)`,
  `INSERT INTO entity_periods (entity_id, period, ${PERIOD_COLUMNS})
   SELECT entity_id, period, ${PERIOD_COLUMNS} FROM recon_entity_periods
   ON CONFLICT (entity_id, period) DO UPDATE SET (${PERIOD_COLUMNS}) = (${prefixed(PERIOD_COLUMNS, 'EXCLUDED.')})
   WHERE (${prefixed(PERIOD_COLUMNS, 'entity_periods.')}) IS DISTINCT FROM (${prefixed(PERIOD_COLUMNS, 'EXCLUDED.')})`,
];

function prefixed(columns: string, prefix: string): string {
  return columns
    .split(',')
    .map((c) => `${prefix}${c.trim()}`)
    .join(', ');
}
