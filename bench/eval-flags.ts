import 'reflect-metadata';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../src/cli/migrate.command';
import { loadConfig } from '../src/config/load-config';
import { runWorldThroughService } from '../src/demo/demo-pipeline';
import { DemoStack, recreateDatabase, waitForHealth } from '../src/demo/demo-stack';
import { generateWorld } from '../src/demo/generator/generate-world';
import { deleteQueueKeys } from '../src/demo/queue-reset';
import { FlagScore } from '../src/demo/world-truth';
import { machineLine } from './machine';

/**
 * `npm run eval:flags [-- --sellers 3000 --seed 20261123 --keep --world DIR]`
 *
 * Generates a world with known truth (src/demo/generator), pushes every file through the real API into a fresh
 * database, lets the real worker process run intake → matching → reconciliation, then compares GET /v1/flags with
 * truth/flags.csv: precision and recall of (person, tax year, signal), overall and per signal — the same pipeline
 * and scoring as `npm run demo`. Exit code 0 only when both are ≥ 0.95.
 */
const TARGET = 0.95;
const SWEEPER_MS = 2000;

async function main(argv: string[]): Promise<number> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const sellers = Number(arg('sellers', '3000'));
  const seed = Number(arg('seed', '20261123'));
  const keep = argv.includes('--keep');
  const worldDir = arg('world', join(tmpdir(), `ect-eval-flags-${seed}-${sellers}`));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  say(machineLine());

  if (!argv.includes('--world') || !existsSync(join(worldDir, 'manifest.json'))) {
    say(`1/3  generating a world of ${sellers} sellers (seed ${seed}) in ${worldDir}`);
    await generateWorld({ sellers, seed, outDir: worldDir });
  } else say(`1/3  reusing the world in ${worldDir}`);

  const base = loadConfig();
  const dbUrl = new URL(base.database.url);
  dbUrl.pathname = '/ecomtax_eval_flags_demo';
  const port = String(3400 + Math.floor(Math.random() * 400));
  const env = { DATABASE_URL: dbUrl.toString(), QUEUE_PREFIX: `ect_evalflags_${process.pid}`, PORT: port, LOG_LEVEL: 'warn', SWEEPER_INTERVAL_MS: String(SWEEPER_MS) };
  const config = loadConfig({ ...process.env, ...env });
  say(`2/3  fresh database ${dbUrl.pathname.slice(1)}, migrations, API and worker on port ${port}`);
  await recreateDatabase(dbUrl.toString());
  await migrate(config, () => undefined);
  const stack = new DemoStack(env, (line) => process.stderr.write(`${line}\n`));
  stack.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl);
    say('3/3  pushing the world through the API and scoring GET /v1/flags against truth/flags.csv');
    const outcome = await runWorldThroughService({ config, baseUrl, worldDir, runKey: `eval-${seed}`, sweeperMs: SWEEPER_MS, say });
    say(`     settled ${(outcome.settledAfterMs / 1000).toFixed(1)} s after the first push`);
    report(outcome.flagScore, outcome.figures.flags.length, say);
    await reviewHolds(config.database.url, say);
    say(`total ${((Date.now() - started) / 1000).toFixed(1)} s (${sellers} sellers)`);
    const { precision, recall } = outcome.flagScore.overall;
    const pass = precision >= TARGET && recall >= TARGET;
    say(pass ? `PASS: precision and recall ≥ ${TARGET}` : `FAIL: precision or recall < ${TARGET}`);
    return pass ? 0 : 1;
  } finally {
    await stack.stop();
    await deleteQueueKeys(config.redis.url, config.redis.queuePrefix);
    if (!keep) {
      await dropDatabase(dbUrl.toString());
      if (!argv.includes('--world')) rmSync(worldDir, { recursive: true, force: true });
    }
  }
}

function report(result: FlagScore, flagCount: number, say: (line: string) => void): void {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  say(`     ${flagCount} flags exported (IDENTITY_QUALITY not scored); ${result.unmappedEntities} on entities with no known person`);
  say(`     ${'signal'.padEnd(24)} ${'TP'.padStart(6)} ${'FP'.padStart(6)} ${'FN'.padStart(6)} ${'precision'.padStart(10)} ${'recall'.padStart(10)}`);
  for (const s of [...result.bySignal, result.overall]) {
    say(`     ${s.signal.padEnd(24)} ${String(s.tp).padStart(6)} ${String(s.fp).padStart(6)} ${String(s.fn).padStart(6)} ${pct(s.precision).padStart(10)} ${pct(s.recall).padStart(10)}`);
  }
  for (const s of result.bySignal) {
    const fp = result.falsePositives.filter((k) => k.endsWith(`|${s.signal}`)).slice(0, 5);
    const fn = result.falseNegatives.filter((k) => k.endsWith(`|${s.signal}`)).slice(0, 5);
    if (fp.length) say(`     ${s.signal} false positives (first 5): ${fp.map((k) => k.split('|').slice(0, 2).join(' ')).join(', ')}`);
    if (fn.length) say(`     ${s.signal} false negatives (first 5): ${fn.map((k) => k.split('|').slice(0, 2).join(' ')).join(', ')}`);
  }
}

/** Cases held back because the identity link waits on review: by design not called UNREGISTERED. */
async function reviewHolds(databaseUrl: string, say: (line: string) => void): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT tax_year, count(*)::int AS n FROM cases WHERE waiting_on = 'link_review' GROUP BY 1 ORDER BY 1`);
    say(`     cases waiting on link review: ${rows.map((r) => `${r.tax_year}: ${r.n}`).join(', ') || 'none'}`);
  } finally {
    await client.end();
  }
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`eval:flags failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
