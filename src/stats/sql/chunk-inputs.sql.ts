import { BUSINESS_CATEGORIES } from '../../identifiers/category';

/**
 * A chunk's inputs, read set-based into temporary tables of the chunk's transaction (ON COMMIT DROP). Everything
 * comes from reconciliation's own figures (entity_shop_quarters, entity_periods) so that the statistics count the
 * same revenue, declarations and withholding the signals and cases were judged on.
 */
const KNOWN_CATEGORIES = `(${BUSINESS_CATEGORIES.map((c) => `'${c}'`).join(', ')})`;

/** The rule values of stats-rule-params.ts, split in two statements ($1..$6, then $1..$4). */
export const LOAD_RULE_QUARTERS = `
CREATE TEMP TABLE stats_rule_quarters ON COMMIT DROP AS
SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::boolean[], $5::boolean[], $6::bigint[])
  AS r(period, vat_threshold, pit_threshold, lump_sum_allowed, pit_deducts, pit_threshold_year_end)`;

export const LOAD_RULE_RATES = `
CREATE TEMP TABLE stats_rule_rates ON COMMIT DROP AS
SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS r(period, category, vat_bp, pit_bp)`;

/** The entities of the chunk ($1 uuid[]): also the set whose old contributions are subtracted. */
export const LOAD_CHUNK = `CREATE TEMP TABLE stats_chunk ON COMMIT DROP AS SELECT DISTINCT unnest($1::uuid[]) AS entity_id`;

/**
 * Active entities of the chunk and the registry's business category of their linked taxpayer (what reconciliation
 * taxes at, before the category the platform reported).
 */
export const BUILD_LINKS = `
CREATE TEMP TABLE stats_links ON COMMIT DROP AS
SELECT c.entity_id,
       (SELECT CASE WHEN v.business_category IN ${KNOWN_CATEGORIES} THEN v.business_category END
          FROM taxpayer_versions v
         WHERE v.taxpayer_id = e.taxpayer_id AND v.valid_to IS NULL AND e.band IN ('auto', 'confirmed')
         ORDER BY v.version DESC LIMIT 1) AS registry_category
FROM stats_chunk c
JOIN seller_entities e ON e.id = c.entity_id AND e.is_active`;

/**
 * Every shop of the chunk's entities: when it was first seen (the first period a platform reported it, else its
 * earliest revenue period), its province on the 34-province list (a new code as reported, else the old code mapped),
 * and the category its platform reported.
 */
export const BUILD_MEMBERS = `
CREATE TEMP TABLE stats_members ON COMMIT DROP AS
SELECT m.entity_id, m.seller_id, ps.platform_id,
       coalesce(ps.first_seen_period_start, (SELECT min(cr.period_start) FROM current_revenue cr WHERE cr.seller_id = m.seller_id)) AS first_seen,
       coalesce(np.code, op.new_code, 'unknown') AS province,
       CASE WHEN so.category IN ${KNOWN_CATEGORIES} THEN so.category ELSE 'unknown' END AS category
FROM stats_links l
JOIN seller_entity_members m ON m.entity_id = l.entity_id
JOIN platform_sellers ps ON ps.id = m.seller_id
LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
LEFT JOIN ref_provinces np ON np.code = so.province_new_code AND np.generation = 'new'
LEFT JOIN ref_provinces op ON op.code = so.province_old_code AND op.generation = 'old'`;

/** Reconciliation's shop × quarter rows (monthly and quarterly reports already combined, net of refunds). */
export const BUILD_SHOPS = `
CREATE TEMP TABLE stats_shops ON COMMIT DROP AS
SELECT q.entity_id, q.period, q.tax_year, q.platform_id, q.seller_id, q.net, q.withheld_revenue, q.tax_withheld,
       coalesce(l.registry_category, CASE WHEN q.category IN ${KNOWN_CATEGORIES} THEN q.category END, 'unknown') AS rate_category
FROM stats_links l
JOIN entity_shop_quarters q ON q.entity_id = l.entity_id`;

/**
 * Reconciliation's entity × quarter rows. Declared revenue drops lump-sum records where the rules no longer accept
 * them (tax years from 2026), as the signals do. qidx numbers quarters (year × 4 + quarter − 1) for cohort windows.
 */
export const BUILD_QUARTERS = `
CREATE TEMP TABLE stats_quarters ON COMMIT DROP AS
SELECT p.entity_id, p.period, p.tax_year, p.platform_net AS revenue,
       p.declared_revenue - CASE WHEN r.lump_sum_allowed IS FALSE THEN p.lump_sum_revenue ELSE 0 END AS declared,
       p.withheld_revenue, p.withheld_total AS tax_withheld, p.declared_tax_paid AS tax_declared,
       p.link_band, p.registered_on,
       split_part(p.period, '-Q', 1)::integer * 4 + split_part(p.period, '-Q', 2)::integer - 1 AS qidx
FROM stats_links l
JOIN entity_periods p ON p.entity_id = l.entity_id AND p.period_kind = 'quarter'
LEFT JOIN stats_rule_quarters r ON r.period = p.period`;

/** The tax-year sums of the quarters (the year's revenue R is what thresholds are compared with). */
export const BUILD_YEARS = `
CREATE TEMP TABLE stats_years ON COMMIT DROP AS
SELECT entity_id, tax_year, sum(revenue)::bigint AS revenue, sum(declared)::bigint AS declared,
       sum(withheld_revenue)::bigint AS withheld_revenue, sum(tax_withheld)::bigint AS tax_withheld,
       sum(tax_declared)::bigint AS tax_declared, min(link_band) AS link_band, min(registered_on) AS registered_on
FROM stats_quarters GROUP BY entity_id, tax_year`;

/**
 * Entity × quarter × platform: revenue, withholding and the estimated tax due, rounded once at this grain (half up):
 *
 *   W_vat = Σ shops on the platform: net × VAT bp(category, quarter) × [R > VAT threshold(quarter)]
 *   W_pit = the same with PIT
 *   due   = max(0, round(W_vat / 10000)) + max(0, round(W_pit × F / 10000)),
 *           F = 1, or (R − PIT threshold at year end)⁺ / R when PIT applies to revenue − threshold (2026 on)
 *
 * (reconciliation's tax-at-risk formula with all of the quarter's revenue undeclared). Quarters with no rule in
 * force estimate 0. The year rows are the sums of the quarter rows.
 */
export const BUILD_PLATFORM_PERIODS = `
CREATE TEMP TABLE stats_platform_periods ON COMMIT DROP AS
WITH weighted AS (
  SELECT s.entity_id, s.period, s.tax_year, s.platform_id,
         sum(s.net)::bigint AS revenue, sum(s.withheld_revenue)::bigint AS withheld_revenue, sum(s.tax_withheld)::bigint AS tax_withheld,
         sum(CASE WHEN y.revenue > r.vat_threshold THEN s.net::numeric * rr.vat_bp ELSE 0 END) AS w_vat,
         sum(CASE WHEN y.revenue > r.pit_threshold THEN s.net::numeric * rr.pit_bp ELSE 0 END) AS w_pit,
         min(y.revenue) AS year_revenue, bool_or(r.pit_deducts) AS pit_deducts, min(r.pit_threshold_year_end) AS pit_threshold_year_end
  FROM stats_shops s
  JOIN stats_years y ON y.entity_id = s.entity_id AND y.tax_year = s.tax_year
  LEFT JOIN stats_rule_quarters r ON r.period = s.period
  LEFT JOIN stats_rule_rates rr ON rr.period = s.period AND rr.category = s.rate_category
  GROUP BY s.entity_id, s.period, s.tax_year, s.platform_id
)
SELECT entity_id, period, 'quarter'::text AS period_kind, tax_year, platform_id, revenue, withheld_revenue, tax_withheld,
       (greatest(0, round(w_vat / 10000))
        + greatest(0, CASE WHEN pit_deducts AND year_revenue > 0
                            THEN round(w_pit * greatest(0, year_revenue - pit_threshold_year_end) / (year_revenue * 10000::numeric))
                           WHEN pit_deducts THEN 0
                           ELSE round(w_pit / 10000) END))::bigint AS estimated_due
FROM weighted`;

export const ADD_PLATFORM_YEARS = `
INSERT INTO stats_platform_periods
SELECT entity_id, tax_year::text, 'year', tax_year, platform_id, sum(revenue)::bigint, sum(withheld_revenue)::bigint,
       sum(tax_withheld)::bigint, sum(estimated_due)::bigint
FROM stats_platform_periods GROUP BY entity_id, tax_year, platform_id`;

/** Entity × period, both kinds, with the shop that gives the period its province and category (largest net). */
export const BUILD_PERIODS = `
CREATE TEMP TABLE stats_periods ON COMMIT DROP AS
WITH shop_nets AS (
  SELECT entity_id, period, seller_id, net FROM stats_shops
  UNION ALL
  SELECT entity_id, tax_year::text, seller_id, sum(net)::bigint FROM stats_shops GROUP BY entity_id, tax_year, seller_id
), main_shop AS (
  SELECT DISTINCT ON (entity_id, period) entity_id, period, seller_id FROM shop_nets ORDER BY entity_id, period, net DESC, seller_id
), rows AS (
  SELECT entity_id, period, 'quarter'::text AS period_kind, tax_year, revenue, declared, withheld_revenue, tax_withheld, tax_declared, link_band, registered_on
  FROM stats_quarters
  UNION ALL
  SELECT entity_id, tax_year::text, 'year', tax_year, revenue, declared, withheld_revenue, tax_withheld, tax_declared, link_band, registered_on
  FROM stats_years
)
SELECT r.*, coalesce(m.province, 'unknown') AS province, coalesce(m.category, 'unknown') AS category
FROM rows r
LEFT JOIN main_shop ms ON ms.entity_id = r.entity_id AND ms.period = r.period
LEFT JOIN stats_members m ON m.seller_id = ms.seller_id`;

export const CHUNK_INPUT_STATEMENTS = [BUILD_LINKS, BUILD_MEMBERS, BUILD_SHOPS, BUILD_QUARTERS, BUILD_YEARS, BUILD_PLATFORM_PERIODS, ADD_PLATFORM_YEARS, BUILD_PERIODS];
