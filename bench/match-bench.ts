import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SqlService } from '../src/database/sql.service';
import { machineLine } from './machine';
import { emitBenchResult } from './result';
import { benchConfig, freshDatabase, matchingContext } from './match-context';
import { MatchDataLoader } from './match-data-loader';
import { loadRegistry, loadSellers, loadTruth, platformSellers, scoreWorld } from './match-world';

/**
 * `npm run bench:match [-- --persons N --registry R]`: a Vietnamese world from the demo generator, sized so that
 * its three CSV/JSON platforms hold ~1M platform sellers (shops) against a ~2M-taxpayer registry, loaded into a
 * fresh database; then, each timed on its own:
 *  1. registry preparation (taxpayer features, once per registry load, incremental afterwards);
 *  2. matching all platform sellers (the `matching.match-batch` job: features, model training by EM, links with
 *     history, seller↔seller edges, entities) — in a child process, so its peak RSS is the matcher's alone;
 *  3. a 1,000-seller batch arriving on the loaded database: loaded → done;
 * and the link/entity quality against the generator's truth. Numbers are taken on a shared 2-core machine.
 */
const DEFAULT_PERSONS = 772_000; // × ~1.30 shops on the three platforms ≈ 1.0M sellers
const DEFAULT_REGISTRY_RATIO = 2.6; // × persons ≈ 2.0M registry rows
const LATE_SHOPS = 1_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const persons = arg('persons', DEFAULT_PERSONS);
  const ratio = arg('registry', DEFAULT_REGISTRY_RATIO);
  console.log(machineLine());
  const dir = join('bench/out', `world-bench-${persons}-${ratio}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    const started = Date.now();
    execFileSync(process.execPath, [join(__dirname, '../src/demo/generator/main.js'), '--sellers', String(persons), '--seed', '11', '--out', dir,
      '--registry-ratio', String(ratio), '--max-invoice-xml', '1', '--bad-rows', '0', '--quiet'], { stdio: 'inherit' });
    console.log(`world generated in ${((Date.now() - started) / 1000).toFixed(0)} s (not part of any measurement)`);
  }
  const url = await freshDatabase('ect_bench_match');
  const config = benchConfig(url);
  const app = await matchingContext(config);
  const sql = app.get(SqlService);
  try {
    // Hold back the last 1,000 shops of Chợ Mới for the late batch.
    const late = new Set<string>();
    for await (const s of platformSellers(dir, 'chomoi')) {
      late.add(s.ref);
      if (late.size > LATE_SHOPS) late.delete(late.values().next().value as string);
    }
    const loadStarted = Date.now();
    const registryBatch = await sql.withClient(async (client) => {
      await loadTruth(client, dir);
      return loadRegistry(new MatchDataLoader(client, config.secrets), dir);
    });
    const [{ taxpayers }] = await sql.query(`SELECT count(*) AS taxpayers FROM taxpayers`);
    console.log(`loaded ${taxpayers} taxpayers in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s (not measured)`);
    await sql.execute('VACUUM ANALYZE');
    const registry = runChild(url, [registryBatch]);
    console.log(`registry preparation: ${fmt(registry.ms)} (${Math.round(Number(taxpayers) / (registry.ms / 1000))} taxpayers/s), peak RSS ${registry.peakRssMb} MB`);

    const sellersStarted = Date.now();
    const sellerBatches = await sql.withClient((client) => loadSellers(new MatchDataLoader(client, config.secrets), dir, (ref) => !late.has(ref)));
    const [{ sellers }] = await sql.query(`SELECT count(*) AS sellers FROM platform_sellers`);
    console.log(`loaded ${sellers} platform sellers in ${((Date.now() - sellersStarted) / 1000).toFixed(0)} s (not measured)`);
    await sql.execute('VACUUM ANALYZE');
    const matched = runChild(url, sellerBatches);
    console.log(`matching ${sellers} sellers: ${fmt(matched.ms)} → ${Math.round(Number(sellers) / (matched.ms / 1000))} sellers/s, peak RSS ${matched.peakRssMb} MB`);
    console.log(`  phases (ms): ${JSON.stringify(matched.runs[0]?.ms ?? {})}`);

    const chomoi = await sql.query<{ id: string }>(`SELECT id FROM platforms WHERE code = 'chomoi'`);
    const lateBatch = await sql.withClient(async (client) => {
      const loader = new MatchDataLoader(client, config.secrets);
      const batch = await loader.batch('sellers', chomoi[0].id);
      await loader.sellers(batch, chomoi[0].id, platformSellers(dir, 'chomoi', (ref) => late.has(ref)));
      return batch;
    });
    const latency = runChild(url, [lateBatch]);
    console.log(`late batch of ${late.size} sellers: loaded → done in ${fmt(latency.ms)}`);

    const quality = await scoreWorld(sql, config.secrets.piiIndexKey, null);
    const floorMs = await exactIdentifierJoinMs(sql);
    console.log(`physical floor: one exact join of every seller's identifiers against the registry's, ${fmt(floorMs)}`);
    const perSecond = Number(sellers) / (matched.ms / 1000);
    const floorPerSecond = Number(sellers) / (floorMs / 1000);
    emitBenchResult('match', `${sellers} sellers × ${taxpayers} taxpayers`, [
      { name: 'sellers linked per second', value: perSecond, unit: 'sellers/s',
        floor: { name: 'exact-identifier hash join', value: floorPerSecond, unit: 'sellers/s' }, ratio: perSecond / floorPerSecond },
      { name: 'matching wall time', value: matched.ms / 1000, unit: 's', goal: '≤ 100 s at 1M × 2M', met: Number(sellers) >= 1_000_000 ? matched.ms <= 100_000 : undefined },
      { name: 'matcher peak RSS', value: matched.peakRssMb, unit: 'MB' },
      { name: '1,000-seller batch loaded → linked', value: latency.ms / 1000, unit: 's', goal: '≤ 5 s at 1M × 2M', met: Number(sellers) >= 1_000_000 ? latency.ms <= 5_000 : undefined },
    ]);
    console.log(JSON.stringify({ cores: cpus().length, sellers: Number(sellers), taxpayers: Number(taxpayers), registryMs: registry.ms,
      matchMs: matched.ms, sellersPerSecond: Math.round(Number(sellers) / (matched.ms / 1000)), peakRssMb: matched.peakRssMb,
      lateBatchMs: latency.ms, quality }, null, 2));
  } finally {
    await app.close();
  }
}

/** What an exact-ID-only matcher would cost on the same tables: the physical floor beside the real matcher. */
async function exactIdentifierJoinMs(sql: SqlService): Promise<number> {
  const started = Date.now();
  await sql.query(`
    SELECT count(DISTINCT s.id) AS linked FROM platform_sellers s
      JOIN seller_observations o ON o.id = s.current_observation_id
      JOIN taxpayer_identifiers i ON i.bidx IN (o.tax_code_bidx, o.national_id_bidx)`);
  return Date.now() - started;
}

interface ChildResult {
  ms: number;
  peakRssMb: number;
  runs: Array<{ ms?: Record<string, number> }>;
}

function runChild(url: string, batchIds: string[]): ChildResult {
  const out = execFileSync(process.execPath, [join(__dirname, 'match-bench-run.js'), url, ...batchIds], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
