import 'reflect-metadata';
import { cpus } from 'node:os';
import { SqlService } from '../src/database/sql.service';
import { BlockingService } from '../src/matching/blocking/blocking.service';
import { MatchBatchHandler } from '../src/matching/match-batch.handler';
import { DATASETS, DedupDataset, LinkDataset } from './eval-match-datasets';
import { machineLine } from './machine';
import { benchConfig, freshDatabase, matchingContext } from './match-context';
import { MatchDataLoader } from './match-data-loader';
import { ensureWorld, loadRegistry, loadSellers, loadTruth, scoreWorld } from './match-world';

/**
 * `npm run eval:match -- <febrl4|febrl3|fodors-zagat|fake_1000>`: loads a public benchmark into a fresh database
 * as registry rows and platform sellers, runs the real matching job (the same handler the worker runs), and prints
 * precision, recall and F1 at the shipped thresholds (the `auto` band; auto+review beside it), blocking recall
 * (share of true pairs that reached scoring) and time. Nothing here knows the answers until the run is over.
 */
interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const metrics = (c: Counts) => {
  const precision = c.tp / Math.max(c.tp + c.fp, 1);
  const recall = c.tp / Math.max(c.tp + c.fn, 1);
  return { ...c, precision: round(precision), recall: round(recall), f1: round((2 * precision * recall) / Math.max(precision + recall, 1e-12)) };
};
const round = (v: number) => Number(v.toFixed(4));

async function main(): Promise<void> {
  const name = process.argv[2];
  if (name === 'vn-world') return evalWorld(Number(process.argv[3] ?? 20_000));
  if (!name || !DATASETS[name]) {
    process.stderr.write(`usage: npm run eval:match -- <${Object.keys(DATASETS).join('|')}|vn-world [persons]>\n`);
    process.exit(2);
  }
  console.log(machineLine());
  const dataset = DATASETS[name]();
  const config = benchConfig(await freshDatabase(`ect_eval_match_${name.replace(/[^a-z0-9]/g, '_')}`));
  const app = await matchingContext(config);
  const sql = app.get(SqlService);
  const handler = app.get(MatchBatchHandler);
  const blocking = app.get(BlockingService);
  try {
    await sql.execute(`CREATE UNLOGGED TABLE eval_candidates (seller_id bigint, other_id bigint, PRIMARY KEY (seller_id, other_id))`);
    blocking.candidateLog = dataset.kind === 'link' ? { link: 'eval_candidates' } : { dedup: 'eval_candidates' };
    const keys = config.secrets;
    const loaded = await sql.withClient(async (client) => load(new MatchDataLoader(client, keys), dataset));

    const registryStarted = Date.now();
    if (loaded.registryBatch) await handler.matchBatch({ batchId: loaded.registryBatch });
    const registryMs = Date.now() - registryStarted;
    const started = Date.now();
    await handler.matchBatch({ batchId: loaded.sellerBatch });
    const matchMs = Date.now() - started;

    const result = dataset.kind === 'link' ? await scoreLinks(sql, dataset, loaded) : await scoreDedup(sql, dataset, loaded);
    const [model] = await sql.query(`SELECT version, training FROM match_models WHERE kind = $1 AND is_active`, [dataset.kind]);
    console.log(
      JSON.stringify(
        {
          dataset: name,
          cores: cpus().length,
          sellers: dataset.sellers.length,
          registry: dataset.kind === 'link' ? dataset.registry.length : 0,
          model: model?.version,
          emIterations: model?.training?.emIterations,
          ...result,
          registryFeaturesMs: registryMs,
          matchMs,
        },
        null,
        2,
      ),
    );
  } finally {
    await app.close();
  }
}

/**
 * The demo generator's Vietnamese world (never seen by the model: parameters are estimated on it, thresholds are
 * the shipped ones): links against the true taxpayer, entities against the true person.
 */
async function evalWorld(persons: number): Promise<void> {
  console.log(machineLine());
  const dir = `bench/out/world-${persons}`;
  await ensureWorld(dir, persons, 2);
  const config = benchConfig(await freshDatabase(`ect_eval_match_world_${persons}`));
  const app = await matchingContext(config);
  const sql = app.get(SqlService);
  const handler = app.get(MatchBatchHandler);
  try {
    await sql.execute(`CREATE UNLOGGED TABLE eval_candidates (seller_id bigint, other_id bigint, PRIMARY KEY (seller_id, other_id))`);
    app.get(BlockingService).candidateLog = { link: 'eval_candidates' };
    const registryBatch = await sql.withClient(async (client) => {
      await loadTruth(client, dir);
      return loadRegistry(new MatchDataLoader(client, config.secrets), dir);
    });
    const registryStarted = Date.now();
    await handler.matchBatch({ batchId: registryBatch });
    const registryMs = Date.now() - registryStarted;
    const sellerBatches = await sql.withClient((client) => loadSellers(new MatchDataLoader(client, config.secrets), dir));
    const started = Date.now();
    for (const batchId of sellerBatches) await handler.matchBatch({ batchId });
    const matchMs = Date.now() - started;
    const result = await scoreWorld(sql, config.secrets.piiIndexKey, 'eval_candidates');
    console.log(JSON.stringify({ dataset: 'vn-world', persons, cores: cpus().length, ...result, registryMs, matchMs }, null, 2));
  } finally {
    await app.close();
  }
}

interface Loaded {
  registryBatch: string | null;
  sellerBatch: string;
  sellerIds: string[];
  taxpayerIds: string[];
}

async function load(loader: MatchDataLoader, dataset: LinkDataset | DedupDataset): Promise<Loaded> {
  const platform = await loader.platform('benchmark');
  let registryBatch: string | null = null;
  let taxpayerIds: string[] = [];
  if (dataset.kind === 'link') {
    registryBatch = await loader.batch('taxpayers', null);
    taxpayerIds = await loader.taxpayers(registryBatch, dataset.registry);
  }
  const sellerBatch = await loader.batch('sellers', platform);
  const sellerIds = await loader.sellers(sellerBatch, platform, dataset.sellers);
  return { registryBatch, sellerBatch, sellerIds, taxpayerIds };
}

async function scoreLinks(sql: SqlService, dataset: LinkDataset, loaded: Loaded) {
  const taxpayerKey = new Map(loaded.taxpayerIds.map((id, i) => [id, dataset.registry[i].key]));
  const sellerKey = new Map(loaded.sellerIds.map((id, i) => [id, dataset.sellers[i].key]));
  const links = await sql.query<{ seller_id: string; taxpayer_id: string | null; band: string }>(`SELECT seller_id, taxpayer_id, band FROM seller_links`);
  const bands: Record<string, number> = {};
  const auto: Counts = { tp: 0, fp: 0, fn: 0 };
  const autoOrReview: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const link of links) {
    bands[link.band] = (bands[link.band] ?? 0) + 1;
    const predicted = link.taxpayer_id ? taxpayerKey.get(link.taxpayer_id) : undefined;
    const truth = dataset.truth.get(sellerKey.get(link.seller_id)!);
    for (const [counts, included] of [[auto, link.band === 'auto'], [autoOrReview, link.band === 'auto' || link.band === 'review']] as const) {
      if (included && predicted !== undefined) {
        if (predicted === truth) counts.tp++;
        else counts.fp++;
      }
    }
  }
  auto.fn = dataset.truth.size - auto.tp;
  autoOrReview.fn = dataset.truth.size - autoOrReview.tp;
  const candidates = await sql.query<{ seller_id: string; other_id: string }>(`SELECT seller_id, other_id FROM eval_candidates`);
  const reached = candidates.filter((c) => dataset.truth.get(sellerKey.get(c.seller_id)!) === taxpayerKey.get(c.other_id)).length;
  return {
    truePairs: dataset.truth.size,
    candidatePairs: candidates.length,
    blockingRecall: round(reached / dataset.truth.size),
    bands,
    atAutoThreshold: metrics(auto),
    atReviewThreshold: metrics(autoOrReview),
  };
}

/** Pairwise over entities: every pair of sellers placed in one entity is a predicted match. */
async function scoreDedup(sql: SqlService, dataset: DedupDataset, loaded: Loaded) {
  const cluster = new Map(loaded.sellerIds.map((id, i) => [id, dataset.sellers[i].cluster]));
  const sizes = new Map<string, number>();
  for (const c of cluster.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const truePairs = [...sizes.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const members = await sql.query<{ seller_id: string; entity_id: string }>(`SELECT seller_id, entity_id FROM seller_entity_members`);
  const byEntity = new Map<string, string[]>();
  for (const m of members) byEntity.set(m.entity_id, [...(byEntity.get(m.entity_id) ?? []), m.seller_id]);
  const counts: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const ids of byEntity.values()) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      if (cluster.get(ids[i]) === cluster.get(ids[j])) counts.tp++;
      else counts.fp++;
    }
  }
  counts.fn = truePairs - counts.tp;
  const edges = await sql.query<{ lo: string; hi: string; band: string }>(`SELECT seller_lo AS lo, seller_hi AS hi, band FROM match_seller_edges`);
  const edgeCounts: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const e of edges.filter((x) => x.band === 'auto')) {
    if (cluster.get(e.lo) === cluster.get(e.hi)) edgeCounts.tp++;
    else edgeCounts.fp++;
  }
  edgeCounts.fn = truePairs - edgeCounts.tp;
  const candidates = await sql.query<{ seller_id: string; other_id: string }>(`SELECT seller_id, other_id FROM eval_candidates`);
  const reached = candidates.filter((c) => cluster.get(c.seller_id) === cluster.get(c.other_id)).length;
  return {
    truePairs,
    candidatePairs: candidates.length,
    blockingRecall: round(reached / Math.max(truePairs, 1)),
    entities: byEntity.size,
    pairwiseEntities: metrics(counts),
    pairwiseAutoEdges: metrics(edgeCounts),
  };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
