import { parse } from 'csv-parse';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoolClient } from 'pg';
import { generateWorld } from '../src/demo/generator/generate-world';
import { SqlService } from '../src/database/sql.service';
import { piiSql } from '../src/pii/pii-crypto';
import { copyLine, copyLines } from '../src/matching/sql/copy-rows';
import { MatchDataLoader, SellerInput, TaxpayerInput } from './match-data-loader';

/**
 * A Vietnamese-style world from the demo generator (src/demo/generator): its registry and the three CSV/JSON
 * platforms' seller reports, loaded straight into the contract tables, with the generator's truth
 * (truth/sellers.csv: which taxpayer and which person is behind each shop) for scoring. GlobeMart's DPI XML is
 * left out: it is intake's format work, not matching's.
 */
export const WORLD_PLATFORMS = ['chomoi', 'phomua', 'raovat'] as const;

export async function ensureWorld(dir: string, persons: number, registryRatio: number, seed = 7): Promise<void> {
  if (existsSync(join(dir, 'manifest.json'))) return;
  await generateWorld({ sellers: persons, seed, outDir: dir, registryRatio, maxInvoiceXmlFiles: 1, badRows: 0 });
}

async function* csvRecords(file: string): AsyncIterable<Record<string, string>> {
  yield* createReadStream(file).pipe(parse({ columns: true, relax_column_count: true }));
}

const blank = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));

export async function* registryRows(dir: string): AsyncIterable<TaxpayerInput> {
  for await (const r of csvRecords(join(dir, 'authority/taxpayers.csv'))) {
    yield {
      name: r.name,
      taxCode: blank(r.tax_code),
      previousTaxCodes: r.previous_tax_codes ? r.previous_tax_codes.split(';').filter(Boolean) : [],
      nationalId: blank(r.national_id),
      phone: blank(r.phone),
      email: blank(r.email),
      address: blank(r.address),
      province: blank(r.province),
      dob: blank(r.date_of_birth),
    };
  }
}

function seller(r: Record<string, unknown>): SellerInput {
  return {
    ref: String(r.seller_ref),
    name: blank(r.seller_name),
    shop: blank(r.shop_name),
    taxCode: blank(r.tax_code),
    nationalId: blank(r.national_id),
    phone: blank(r.phone),
    email: blank(r.email),
    address: blank(r.address),
    province: blank(r.province),
    dob: blank(r.date_of_birth),
  };
}

/** One platform's seller rows (those with a seller_ref); `skip` holds back refs for a later batch. */
export async function* platformSellers(dir: string, platform: string, keep: (ref: string) => boolean = () => true): AsyncIterable<SellerInput> {
  const base = join(dir, 'platforms', platform);
  const rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>> = existsSync(join(base, 'sellers.csv'))
    ? csvRecords(join(base, 'sellers.csv'))
    : (JSON.parse(readFileSync(join(base, 'sellers.json'), 'utf8')) as Array<Record<string, unknown>>);
  for await (const r of rows) if (r.seller_ref && keep(String(r.seller_ref))) yield seller(r);
}

/** The generator's answers, in a table: each shop's person and the registry code of its taxpayer. */
export async function loadTruth(client: PoolClient, dir: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS eval_truth`);
  await client.query(`CREATE UNLOGGED TABLE eval_truth (platform text, seller_ref text, person_id text, true_tax_code text)`);
  await copyLines(client, 'eval_truth', ['platform', 'seller_ref', 'person_id', 'true_tax_code'], truthLines(dir));
  await client.query(`CREATE INDEX eval_truth_ref_idx ON eval_truth (platform, seller_ref)`);
}

async function* truthLines(dir: string): AsyncIterable<string> {
  for await (const r of csvRecords(join(dir, 'truth/sellers.csv'))) yield copyLine([r.platform, r.seller_ref, r.person_id, blank(r.true_tax_code)]);
}

export async function loadRegistry(loader: MatchDataLoader, dir: string): Promise<string> {
  const registryBatch = await loader.batch('taxpayers', null);
  await loader.taxpayers(registryBatch, registryRows(dir));
  return registryBatch;
}

export async function loadSellers(loader: MatchDataLoader, dir: string, keep: (ref: string) => boolean = () => true): Promise<string[]> {
  const sellerBatches: string[] = [];
  for (const code of WORLD_PLATFORMS) {
    const platform = await loader.platform(code);
    const batch = await loader.batch('sellers', platform);
    await loader.sellers(batch, platform, platformSellers(dir, code, keep));
    sellerBatches.push(batch);
  }
  return sellerBatches;
}

export async function loadWorld(loader: MatchDataLoader, dir: string, keep: (ref: string) => boolean = () => true) {
  const registryBatch = await loadRegistry(loader, dir);
  return { registryBatch, sellerBatches: await loadSellers(loader, dir, keep) };
}

/** Links (auto, and auto+review) against the true taxpayer, and entities pairwise against the true person, in SQL. */
export async function scoreWorld(sql: SqlService, indexKey: Buffer, candidateLog: string | null): Promise<Record<string, unknown>> {
  const canonical = `coalesce(ect_tax_code_normalize(t.true_tax_code), t.true_tax_code)`;
  const [links] = await sql.query(
    `WITH s AS (
       SELECT ps.id, l.band, l.taxpayer_id AS predicted,
              (SELECT ti.taxpayer_id FROM taxpayer_identifiers ti WHERE ti.bidx = ${piiSql.blindIndex(canonical, '$1')}) AS truth
       FROM eval_truth t
       JOIN platforms p ON p.code = t.platform
       JOIN platform_sellers ps ON ps.platform_id = p.id AND ps.seller_ref = t.seller_ref
       LEFT JOIN seller_links l ON l.seller_id = ps.id
     )
     SELECT count(*) AS sellers, count(truth) AS registered,
            count(*) FILTER (WHERE band = 'auto' AND predicted = truth) AS auto_tp,
            count(*) FILTER (WHERE band = 'auto' AND predicted IS DISTINCT FROM truth) AS auto_fp,
            count(*) FILTER (WHERE band IN ('auto', 'review') AND predicted = truth) AS review_tp,
            count(*) FILTER (WHERE band IN ('auto', 'review') AND predicted IS DISTINCT FROM truth) AS review_fp,
            count(*) FILTER (WHERE band = 'review') AS review_band
     FROM s`,
    [indexKey],
  );
  const [entities] = await sql.query(`
    WITH s AS (
      SELECT t.person_id, m.entity_id FROM eval_truth t
      JOIN platforms p ON p.code = t.platform
      JOIN platform_sellers ps ON ps.platform_id = p.id AND ps.seller_ref = t.seller_ref
      JOIN seller_entity_members m ON m.seller_id = ps.id
    )
    SELECT (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM s GROUP BY person_id) x) AS true_pairs,
           (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM s GROUP BY entity_id) x) AS predicted_pairs,
           (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM s GROUP BY entity_id, person_id) x) AS tp`);
  const n = (v: unknown) => Number(v ?? 0);
  const prf = (tp: number, fp: number, fn: number) => {
    const p = tp / Math.max(tp + fp, 1);
    const r = tp / Math.max(tp + fn, 1);
    return { tp, fp, fn, precision: round(p), recall: round(r), f1: round((2 * p * r) / Math.max(p + r, 1e-12)) };
  };
  const registered = n(links.registered);
  const result: Record<string, unknown> = {
    sellers: n(links.sellers),
    sellersWithTaxpayer: registered,
    reviewBand: n(links.review_band),
    linksAtAuto: prf(n(links.auto_tp), n(links.auto_fp), registered - n(links.auto_tp)),
    linksAtReview: prf(n(links.review_tp), n(links.review_fp), registered - n(links.review_tp)),
    entitiesPairwise: prf(n(entities.tp), n(entities.predicted_pairs) - n(entities.tp), n(entities.true_pairs) - n(entities.tp)),
  };
  if (candidateLog) {
    const [reached] = await sql.query(
      `SELECT count(*) AS n FROM eval_truth t
       JOIN platforms p ON p.code = t.platform
       JOIN platform_sellers ps ON ps.platform_id = p.id AND ps.seller_ref = t.seller_ref
       JOIN taxpayer_identifiers ti ON ti.bidx = ${piiSql.blindIndex(canonical, '$1')}
       JOIN ${candidateLog} c ON c.seller_id = ps.id AND c.other_id = ti.taxpayer_id`,
      [indexKey],
    );
    result.blockingRecall = round(n(reached.n) / Math.max(registered, 1));
  }
  return result;
}

const round = (v: number) => Number(v.toFixed(4));
