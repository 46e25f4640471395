import type { Client } from 'pg';

/**
 * A world of N sellers (seller entities) written set-based, in SQL, straight into the tables the stats refresh reads:
 * the pipeline's contract tables (platforms, platform_sellers, seller_observations, seller_entities, members,
 * taxpayers and versions) and reconciliation's outputs (entity_shop_quarters, entity_periods, cases, signals,
 * reconciliation_entity_state) as reconciliation would have written them. Deterministic: every choice is a hash of
 * the row number (hashint8extended), so two runs build the same world.
 *
 * Shape: 4 platforms (two withhold from 2025-Q3); every entity has one shop, 10 % a second shop on another platform;
 * 55 % linked (auto), 5 % in review, 40 % not linked; shops first seen between 2024-Q3 and 2026-Q2, active in ~70 % of
 * the quarters 2025-Q1..2026-Q2 after that, 5M–500M net per quarter; provinces over the 34 (10 % reported by an old
 * code, 5 % none); linked sellers declare in full (60 %), half (15 %) or nothing.
 */
const r = (i: string, seed: number, n: number) => `(abs(hashint8extended((${i})::bigint, ${seed})) % ${n})`;
const PLATFORMS = ['chomoi', 'phomua', 'raovat', 'sansale'];
const CATEGORIES = `ARRAY['goods','services','production_transport','leasing','digital_content','other']`;

export async function buildStatsWorld(client: Client, entities: number, say: (line: string) => void): Promise<void> {
  const second = Math.floor(entities / 10);
  const step = async (label: string, sql: string) => {
    const started = Date.now();
    const result = await client.query(sql);
    say(`     ${label.padEnd(34)} ${String(result.rowCount ?? '').padStart(9)} rows  ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  // Bulk load without per-row foreign-key triggers (the rows are consistent by construction); bench database only.
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET synchronous_commit = off`);
  await step('platforms', `INSERT INTO platforms (code, name) SELECT c, c FROM unnest(ARRAY[${PLATFORMS.map((p) => `'${p}'`).join(',')}]) c`);
  await client.query(`
    INSERT INTO credentials (key_prefix, key_hash, role, platform_id)
    SELECT 'benchstats', '\\x00'::bytea, 'platform', id FROM platforms WHERE code = 'chomoi'`);
  await client.query(`
    INSERT INTO batches (scope, platform_id, submitted_by, kind, format, idempotency_key, content_sha256, byte_size, state)
    SELECT 'platform:' || p.id, p.id, c.id, 'revenue', 'csv', 'bench-stats', 'bench', 0, 'done'
    FROM platforms p JOIN credentials c ON c.platform_id = p.id WHERE p.code = 'chomoi'`);
  await client.query(`CREATE TEMP TABLE bench_batch AS SELECT id FROM batches WHERE idempotency_key = 'bench-stats'`);
  await client.query(`CREATE TEMP TABLE bench_platforms AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, id FROM platforms WHERE code = ANY($1)`, [PLATFORMS]);
  await client.query(`CREATE TEMP TABLE bench_new_provinces AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM ref_provinces WHERE generation = 'new'`);
  await client.query(`CREATE TEMP TABLE bench_old_provinces AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM ref_provinces WHERE generation = 'old'`);

  await step('entities', `
    CREATE TABLE bench_entities AS
    SELECT i, md5('entity' || i)::uuid AS id,
           CASE WHEN ${r('i', 3, 100)} < 55 THEN 'auto' WHEN ${r('i', 3, 100)} < 60 THEN 'review' ELSE 'none' END AS band
    FROM generate_series(1, ${entities}) i`);
  await step('taxpayers', `INSERT INTO taxpayers (id, current_version) OVERRIDING SYSTEM VALUE SELECT i, 1 FROM bench_entities WHERE band <> 'none'`);
  await step('taxpayer_versions', `
    INSERT INTO taxpayer_versions (taxpayer_id, version, batch_id, row_number, tax_code, name, status, registered_on, business_category)
    SELECT i, 1, (SELECT id FROM bench_batch), i, lpad(i::text, 10, '0'), 'taxpayer ' || i, 'active',
           CASE WHEN ${r('i', 4, 100)} < 70 THEN date '2012-01-01' + ${r('i', 5, 4000)}::int ELSE date '2024-07-01' + ${r('i', 5, 730)}::int END,
           CASE WHEN ${r('i', 6, 10)} < 6 THEN (${CATEGORIES})[1 + ${r('i', 6, 10)}] END
    FROM bench_entities WHERE band <> 'none'`);
  await step('seller_entities', `
    INSERT INTO seller_entities (id, taxpayer_id, band, score)
    SELECT id, CASE WHEN band <> 'none' THEN i END, band, CASE band WHEN 'auto' THEN 0.99 WHEN 'review' THEN 0.7 ELSE 0.1 END FROM bench_entities`);
  // Shop s ≤ N is entity s's first shop; shop N + k its second one (k ≤ N / 10), on another platform.
  await step('shops', `
    CREATE TABLE bench_shops AS
    SELECT s, CASE WHEN s <= ${entities} THEN s ELSE s - ${entities} END AS entity,
           CASE WHEN s <= ${entities} THEN ${r('s', 1, 4)} ELSE (${r(`s - ${entities}`, 1, 4)} + 1 + ${r('s', 2, 3)}) % 4 END AS platform_k,
           ${r('s', 7, 8)}::int AS first_q
    FROM generate_series(1, ${entities + second}) s`);
  await step('platform_sellers', `
    INSERT INTO platform_sellers (id, platform_id, seller_ref, current_observation_id, current_version, first_seen_period_start)
    OVERRIDING SYSTEM VALUE
    SELECT s, p.id, 'shop-' || s, s, 1, make_date(2024 + (first_q + 2) / 4, ((first_q + 2) % 4) * 3 + 1, 1)
    FROM bench_shops b JOIN bench_platforms p ON p.k = b.platform_k`);
  await step('seller_observations', `
    INSERT INTO seller_observations (id, seller_id, batch_id, row_number, version, shop_name, province_new_code, province_old_code, category)
    OVERRIDING SYSTEM VALUE
    SELECT s, s, (SELECT id FROM bench_batch), s, 1, 'shop ' || s,
           CASE WHEN ${r('s', 8, 100)} < 85 THEN (SELECT code FROM bench_new_provinces WHERE k = ${r('s', 9, 34)}) END,
           CASE WHEN ${r('s', 8, 100)} BETWEEN 85 AND 94 THEN (SELECT code FROM bench_old_provinces WHERE k = ${r('s', 9, 63)}) END,
           CASE WHEN ${r('s', 10, 10)} < 6 THEN (${CATEGORIES})[1 + ${r('s', 10, 10)}] END
    FROM bench_shops`);
  await step('seller_entity_members', `INSERT INTO seller_entity_members (seller_id, entity_id) SELECT b.s, e.id FROM bench_shops b JOIN bench_entities e ON e.i = b.entity`);
  await buildReconciliationOutputs(client, step);
  await client.query(`DROP TABLE bench_shops, bench_entities`);
  await client.query(`SET session_replication_role = origin`);
  for (const table of ['platform_sellers', 'seller_observations', 'seller_entities', 'seller_entity_members', 'taxpayer_versions', 'entity_shop_quarters', 'entity_periods', 'cases', 'signals', 'reconciliation_entity_state']) {
    await client.query(`ANALYZE ${table}`);
  }
}

/** What reconciliation would have written for that world (figures, cases and signals under the 2025/2026 thresholds). */
async function buildReconciliationOutputs(client: Client, step: (label: string, sql: string) => Promise<void>): Promise<void> {
  // Quarters 2025-Q1..2026-Q2 are qidx 2..7 counted from 2024-Q3 (first_q's scale).
  await step('entity_shop_quarters', `
    INSERT INTO entity_shop_quarters (seller_id, period, entity_id, tax_year, platform_id, source, gross, refunds, net, vat_withheld, pit_withheld,
                                      tax_withheld, withheld_revenue, other_source_net, observation_ids, category, is_resident)
    SELECT b.s, y || '-Q' || q, e.id, y, p.id, 'quarter', x.net, 0, x.net,
           CASE WHEN w THEN x.net / 100 ELSE 0 END, CASE WHEN w THEN x.net / 200 ELSE 0 END,
           CASE WHEN w THEN x.net / 100 + x.net / 200 ELSE 0 END, CASE WHEN w THEN x.net ELSE 0 END, NULL, '{}',
           so.category, true
    FROM bench_shops b
    JOIN bench_entities e ON e.i = b.entity
    JOIN bench_platforms p ON p.k = b.platform_k
    JOIN seller_observations so ON so.id = b.s
    CROSS JOIN generate_series(2, 7) qi
    CROSS JOIN LATERAL (SELECT 2024 + (qi + 2) / 4 AS y, (qi + 2) % 4 + 1 AS q) yq
    CROSS JOIN LATERAL (SELECT (5000000 * exp(${r('b.s * 8 + qi', 11, 1000)} / 1000.0 * ln(100)))::bigint AS net,
                               b.platform_k < 2 AND qi >= 4 AS w) x
    WHERE qi >= b.first_q AND ${r('b.s * 8 + qi', 12, 100)} < 70`);
  await step('entity_periods (quarters)', `
    INSERT INTO entity_periods (entity_id, period, period_kind, tax_year, period_start, period_end, platform_gross, platform_refunds, platform_net,
                                withheld_vat, withheld_pit, withheld_total, withheld_revenue, platform_count, shop_count, declared_revenue,
                                lump_sum_revenue, declared_tax_paid, declaration_ids, invoiced_revenue, invoice_count, invoice_keys, taxpayer_id,
                                link_band, registration_status, taxpayer_status, registered_on)
    SELECT q.entity_id, q.period, 'quarter', q.tax_year, q.start, (q.start + interval '3 months' - interval '1 day')::date,
           q.net, 0, q.net, q.vat, q.pit, q.tax, q.withheld, q.platforms, q.shops,
           d.declared, 0, d.declared * 15 / 1000, '{}', 0, 0, '{}',
           CASE WHEN e.band = 'auto' THEN e.taxpayer_id END, e.band,
           CASE e.band WHEN 'review' THEN 'pending_review' WHEN 'none' THEN 'unregistered'
                ELSE CASE WHEN tv.registered_on <= q.start + interval '3 months' THEN 'registered' ELSE 'registered_later' END END,
           CASE WHEN e.band = 'auto' THEN 'active' END, CASE WHEN e.band = 'auto' THEN tv.registered_on END
    FROM (
      SELECT entity_id, period, tax_year, make_date(tax_year, split_part(period, '-Q', 2)::int * 3 - 2, 1) AS start, sum(net)::bigint AS net,
             sum(vat_withheld)::bigint AS vat, sum(pit_withheld)::bigint AS pit, sum(tax_withheld)::bigint AS tax,
             sum(withheld_revenue)::bigint AS withheld, count(DISTINCT platform_id)::int AS platforms, count(*)::int AS shops
      FROM entity_shop_quarters GROUP BY entity_id, period, tax_year
    ) q
    JOIN seller_entities e ON e.id = q.entity_id
    LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = e.taxpayer_id
    CROSS JOIN LATERAL (SELECT CASE WHEN e.band <> 'auto' THEN 0
                                    WHEN ${r(`hashtext(q.entity_id::text || q.period)`, 13, 100)} < 60 THEN q.net
                                    WHEN ${r(`hashtext(q.entity_id::text || q.period)`, 13, 100)} < 75 THEN q.net / 2
                                    ELSE 0 END::bigint AS declared) d`);
  await step('entity_periods (years)', `
    INSERT INTO entity_periods
    SELECT entity_id, tax_year::text, 'year', tax_year, make_date(tax_year, 1, 1), make_date(tax_year, 12, 31),
           sum(platform_gross), sum(platform_refunds), sum(platform_net), sum(withheld_vat), sum(withheld_pit), sum(withheld_total),
           sum(withheld_revenue), max(platform_count), max(shop_count), sum(declared_revenue), 0, sum(declared_tax_paid), '{}', 0, 0, '{}',
           max(taxpayer_id), max(link_band), min(registration_status), max(taxpayer_status), max(registered_on)
    FROM entity_periods WHERE period_kind = 'quarter' GROUP BY entity_id, tax_year`);
  await step('cases', `
    INSERT INTO cases (entity_id, tax_year, estimated_tax_at_risk, link_band, taxpayer_id, signal_codes, waiting_on, rule_version)
    SELECT entity_id, tax_year, CASE WHEN link_band = 'review' THEN 0 ELSE (platform_net - declared_revenue - withheld_revenue) * 15 / 1000 END,
           link_band, taxpayer_id, ARRAY[code], CASE WHEN link_band = 'review' THEN 'link_review' END, 1
    FROM (SELECT p.*, CASE WHEN link_band = 'none' THEN 'UNREGISTERED' WHEN link_band = 'review' THEN 'IDENTITY_QUALITY'
                           WHEN declared_revenue + withheld_revenue = 0 THEN 'NOT_FILED' ELSE 'UNDER_DECLARED' END AS code
          FROM entity_periods p
          WHERE period_kind = 'year' AND platform_net > CASE WHEN tax_year >= 2026 THEN 1000000000 ELSE 100000000 END
            AND (link_band <> 'auto' OR (declared_revenue + withheld_revenue) * 10 < platform_net * 9)) x`);
  await step('signals', `
    INSERT INTO signals (entity_id, tax_year, code, case_id, platform_revenue, declared_revenue, estimated_tax_at_risk, numbers, sources,
                         rule_version, rule_value_ids, fingerprint, run_id)
    SELECT c.entity_id, c.tax_year, c.signal_codes[1], c.id, p.platform_net, p.declared_revenue, c.estimated_tax_at_risk, '{}', '{}', 1, '{}', 'bench', 'bench'
    FROM cases c JOIN entity_periods p ON p.entity_id = c.entity_id AND p.period = c.tax_year::text`);
  await step('reconciliation_entity_state', `
    INSERT INTO reconciliation_entity_state (entity_id, input_fingerprint, run_id) SELECT id, 'bench', 'bench' FROM seller_entities`);
}
