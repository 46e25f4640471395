import { FACT_COLUMNS } from '../stats-measures';

/**
 * The chunk's new fact rows (README "Self-declaration figures" defines every column), from the temporary tables of
 * chunk-inputs.sql.ts, cases and signals. One row per entity × period with revenue > 0 under platform key '*', and
 * one per entity × period × platform on which its net revenue was > 0.
 */
export const BUILD_NEW_FACTS = `
CREATE TEMP TABLE stats_new_facts ON COMMIT DROP AS
WITH first_seen AS (
  SELECT entity_id, min(first_seen) AS first_seen FROM stats_members GROUP BY entity_id
), cases_of AS (
  SELECT c.entity_id, c.tax_year FROM cases c JOIN stats_links l ON l.entity_id = c.entity_id
), signals_of AS (
  SELECT s.entity_id, s.tax_year,
         bool_or(s.code = 'UNREGISTERED') AS unregistered, bool_or(s.code = 'NOT_FILED') AS not_filed,
         bool_or(s.code = 'UNDER_DECLARED') AS under_declared, bool_or(s.code = 'SPLIT_ACROSS_PLATFORMS') AS split
  FROM signals s JOIN stats_links l ON l.entity_id = s.entity_id
  WHERE s.state = 'active'
  GROUP BY s.entity_id, s.tax_year
), due AS (
  SELECT entity_id, period, sum(estimated_due)::bigint AS estimated_due FROM stats_platform_periods GROUP BY entity_id, period
)
SELECT p.entity_id, p.period, '*'::text AS platform_key, p.period_kind, p.tax_year, p.province, p.category, f.first_seen,
       p.link_band IN ('auto', 'confirmed') AS linked,
       p.link_band IN ('auto', 'confirmed') AND (p.registered_on IS NULL OR f.first_seen IS NULL OR p.registered_on < f.first_seen) AS registered_before,
       p.link_band IN ('auto', 'confirmed') AND coalesce(p.registered_on >= f.first_seen, false) AS newly_registered,
       p.link_band = 'review' AS pending_review,
       p.declared > 0 AS with_declaration,
       p.withheld_revenue > 0 AS with_withholding,
       p.declared + p.withheld_revenue > 0 AS covered,
       p.declared + p.withheld_revenue >= p.revenue AS fully_declared,
       c.entity_id IS NOT NULL AS with_case,
       coalesce(sg.unregistered, false) AS flagged_unregistered,
       coalesce(sg.not_filed, false) AS flagged_not_filed,
       coalesce(sg.under_declared, false) AS flagged_under_declared,
       coalesce(sg.split, false) AS flagged_split,
       p.revenue AS platform_revenue, p.declared AS declared_revenue, p.withheld_revenue, p.tax_declared, p.tax_withheld,
       coalesce(d.estimated_due, 0)::bigint AS estimated_due
FROM stats_periods p
LEFT JOIN first_seen f ON f.entity_id = p.entity_id
LEFT JOIN cases_of c ON c.entity_id = p.entity_id AND c.tax_year = p.tax_year
LEFT JOIN signals_of sg ON sg.entity_id = p.entity_id AND sg.tax_year = p.tax_year
LEFT JOIN due d ON d.entity_id = p.entity_id AND d.period = p.period
WHERE p.revenue > 0`;

/**
 * Per-platform rows: the seller's statuses (they are the seller's, not the platform's), the platform's own revenue,
 * withholding and estimated due, and the seller's declared revenue and declared tax shared among its platforms in
 * proportion to their (positive) net revenue, by largest remainder, so that the shares add up to the dong.
 */
const STATUS_COLUMNS = FACT_COLUMNS.filter((c) => !['entity_id', 'period', 'platform_key', 'platform_revenue', 'declared_revenue', 'withheld_revenue', 'tax_declared', 'tax_withheld', 'estimated_due'].includes(c));

export const ADD_PLATFORM_FACTS = `
INSERT INTO stats_new_facts (${FACT_COLUMNS.join(', ')})
WITH shares AS (
  SELECT e.*, pp.platform_id, pp.revenue AS p_revenue, pp.withheld_revenue AS p_withheld_revenue, pp.tax_withheld AS p_tax_withheld,
         pp.estimated_due AS p_estimated_due,
         div(e.declared_revenue::numeric * pp.revenue, sum(pp.revenue) OVER w) AS d_floor,
         mod(e.declared_revenue::numeric * pp.revenue, sum(pp.revenue) OVER w) AS d_rem,
         div(e.tax_declared::numeric * pp.revenue, sum(pp.revenue) OVER w) AS t_floor,
         mod(e.tax_declared::numeric * pp.revenue, sum(pp.revenue) OVER w) AS t_rem
  FROM stats_new_facts e
  JOIN stats_platform_periods pp ON pp.entity_id = e.entity_id AND pp.period = e.period AND pp.revenue > 0
  WINDOW w AS (PARTITION BY e.entity_id, e.period)
), ranked AS (
  SELECT s.*,
         s.declared_revenue - sum(s.d_floor) OVER w AS d_left,
         row_number() OVER (PARTITION BY s.entity_id, s.period ORDER BY s.d_rem DESC, s.platform_id) AS d_rank,
         s.tax_declared - sum(s.t_floor) OVER w AS t_left,
         row_number() OVER (PARTITION BY s.entity_id, s.period ORDER BY s.t_rem DESC, s.platform_id) AS t_rank
  FROM shares s
  WINDOW w AS (PARTITION BY s.entity_id, s.period)
)
SELECT entity_id, period, platform_id::text, ${STATUS_COLUMNS.join(', ')},
       p_revenue, (d_floor + CASE WHEN d_rank <= d_left THEN 1 ELSE 0 END)::bigint, p_withheld_revenue,
       (t_floor + CASE WHEN t_rank <= t_left THEN 1 ELSE 0 END)::bigint, p_tax_withheld, p_estimated_due
FROM ranked`;

/**
 * One cohort row per entity that ever had revenue (key '*'), and one per platform it was first seen on (shops first
 * seen in its first quarter). Dimensions: those of its earliest quarter with revenue. registered_after /
 * declared_after: quarters from the first-seen quarter Q to the quarter of registration (0 when registered before or
 * in Q, or the registry has no date; NULL when not linked) / to the first quarter ≥ Q with a declaration or
 * withholding covering revenue (NULL when none).
 */
export const BUILD_NEW_COHORTS = `
CREATE TEMP TABLE stats_new_cohorts ON COMMIT DROP AS
WITH first AS (
  SELECT entity_id, min(first_seen) AS first_seen FROM stats_members GROUP BY entity_id HAVING min(first_seen) IS NOT NULL
), fq AS (
  SELECT entity_id, to_char(first_seen, 'YYYY-"Q"Q') AS first_quarter,
         extract(year FROM first_seen)::integer * 4 + extract(quarter FROM first_seen)::integer - 1 AS qidx
  FROM first
), dims AS (
  SELECT DISTINCT ON (entity_id) entity_id, province, category
  FROM stats_new_facts WHERE platform_key = '*' AND period_kind = 'quarter'
  ORDER BY entity_id, period
), link AS (
  SELECT DISTINCT ON (entity_id) entity_id, link_band, registered_on FROM stats_quarters ORDER BY entity_id, period
), declared AS (
  SELECT q.entity_id, min(q.qidx - fq.qidx) AS declared_after
  FROM stats_quarters q JOIN fq ON fq.entity_id = q.entity_id
  WHERE q.declared + q.withheld_revenue > 0 AND q.qidx >= fq.qidx
  GROUP BY q.entity_id
), rows AS (
  SELECT fq.entity_id, fq.first_quarter, d.province, d.category,
         CASE WHEN l.link_band IN ('auto', 'confirmed') THEN
           CASE WHEN l.registered_on IS NULL THEN 0
                ELSE greatest(0, extract(year FROM l.registered_on)::integer * 4 + extract(quarter FROM l.registered_on)::integer - 1 - fq.qidx) END
         END AS registered_after,
         de.declared_after
  FROM fq
  JOIN dims d ON d.entity_id = fq.entity_id
  JOIN link l ON l.entity_id = fq.entity_id
  LEFT JOIN declared de ON de.entity_id = fq.entity_id
)
SELECT entity_id, '*'::text AS platform_key, first_quarter, province, category, registered_after, declared_after FROM rows
UNION ALL
SELECT DISTINCT r.entity_id, m.platform_id::text, r.first_quarter, r.province, r.category, r.registered_after, r.declared_after
FROM rows r JOIN stats_members m ON m.entity_id = r.entity_id AND to_char(m.first_seen, 'YYYY-"Q"Q') = r.first_quarter`;
