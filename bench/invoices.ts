/**
 * `npm run bench:invoices`: 10 M e-invoice lines as CSV through the real pipeline (the HTTP door of the built
 * API streaming into staging, the built worker merging into partitioned invoice lines and per-seller monthly
 * aggregates), against PostgreSQL's own COPY of the same file into an unindexed table, in the same run.
 * Prints lines/s of both, their ratio, where the merge's time went, and the peak RSS of the API and the worker.
 *
 *   npm run bench:invoices                          (INVOICE_BENCH_LINES=1000000 for a quicker look)
 *
 * Uses a throw-away database on the local PostgreSQL and its own queue prefix on the local Redis; the input
 * comes from the demo generator's `--invoice-lines` mode and is cached in the OS temp directory.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { deleteQueueKeys } from '../src/demo/queue-reset';
import { BenchChild, benchDatabase, rawCopySeconds } from './bench-support';
import { invoiceFile } from './invoices-support';
import { machineLine } from './machine';
import { emitBenchResult } from './result';

const LINES = Number(argValue('lines') ?? process.env.INVOICE_BENCH_LINES ?? 10_000_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface PipelineRun {
  seconds: number;
  uploadSeconds: number;
  mergeSeconds: number;
  steps: Record<string, number>;
  counts: { rows: number; accepted: number; rejected: number; warned: number };
  state: string;
  apiRssMb: number;
  workerRssMb: number;
}

async function main(): Promise<void> {
  console.log(machineLine());
  console.log(`cores: ${cpus().length}, shared with PostgreSQL, Redis and whatever else runs on this machine`);
  const file = await invoiceFile(LINES);
  const megabytes = statSync(file).size / 2 ** 20;
  console.log(`input: ${LINES.toLocaleString('en')} invoice lines, ${megabytes.toFixed(0)} MB CSV (${file})`);
  const db = await benchDatabase('invoices');
  try {
    const raw = await rawCopySeconds(db.url, file);
    console.log(`raw COPY into an unindexed logged table: ${raw.toFixed(1)} s = ${rate(LINES, raw)} lines/s`);
    const run = await throughPipeline(db.url, file);
    console.log(`pipeline (POST /v1/batches?kind=invoices → staging COPY → worker merge → aggregates): ${run.seconds.toFixed(1)} s = ${rate(LINES, run.seconds)} lines/s, batch ${run.state}`);
    console.log(`  upload and staging COPY (API) ${run.uploadSeconds.toFixed(1)} s; merge (worker) ${run.mergeSeconds.toFixed(1)} s; the rest is the job hand-off, commit and polling`);
    console.log(`  merge steps (ms): ${JSON.stringify(run.steps)}`);
    console.log(`  rows ${run.counts.rows}, accepted ${run.counts.accepted}, rejected ${run.counts.rejected}, warned ${run.counts.warned}`);
    await checkAggregates(db.url);
    const ratio = raw / run.seconds;
    console.log(`ratio (pipeline lines/s ÷ raw COPY lines/s): ${ratio.toFixed(2)}  (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
    console.log(`wall time ${run.seconds.toFixed(1)} s (goal ≤ 60 s: ${run.seconds <= 60 ? 'met' : 'NOT met'})`);
    console.log(`peak RSS: API ${run.apiRssMb.toFixed(0)} MB, worker ${run.workerRssMb.toFixed(0)} MB, this bench ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    emitBenchResult('invoices', `${LINES.toLocaleString('en')} invoice lines`, [
      {
        name: 'ingested and aggregated', value: LINES / run.seconds, unit: 'lines/s',
        floor: { name: 'raw COPY, unindexed table', value: LINES / raw, unit: 'lines/s' }, ratio: ratio, goal: 'ratio ≥ 0.5', met: ratio >= 0.5,
      },
      { name: 'wall time', value: run.seconds, unit: 's', goal: LINES === 10_000_000 ? '≤ 60 s' : undefined, met: LINES === 10_000_000 ? run.seconds <= 60 : undefined },
      { name: 'peak RSS (API / worker max)', value: Math.max(run.apiRssMb, run.workerRssMb), unit: 'MB' },
    ]);
  } finally {
    await db.drop();
  }
}

async function throughPipeline(url: string, file: string): Promise<PipelineRun> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const prefix = `ect_bench_${randomBytes(4).toString('hex')}`;
  const env = {
    NODE_ENV: 'development', DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', PORT: String(port),
    DATABASE_POOL_SIZE: '4', SWEEPER_INTERVAL_MS: '600000', STUCK_AFTER_MS: '3600000',
  };
  const cli = BenchChild.start('dist/src/cli/main.js', env, ['user:create', 'bench-authority', '--role', 'authority']);
  if ((await cli.exited) !== 0) throw new Error(`could not create a credential:\n${cli.output}`);
  const token = cli.output.trim().split('\n').pop()!.trim();
  const api = BenchChild.start('dist/src/main.js', env);
  const worker = BenchChild.start('dist/workers/main.js', env);
  try {
    await until(async () => (await get(port, '/health', token)).status === 200, 60_000);
    const started = process.hrtime.bigint();
    const accepted = await upload(port, token, file);
    const uploadSeconds = seconds(started);
    const status = await until(async () => {
      const body = (await get(port, `/v1/batches/${accepted.id}`, token)).body;
      return ['loaded', 'matching', 'done', 'failed'].includes(body.state) ? body : undefined;
    }, 3_600_000, 100);
    const total = seconds(started);
    const steps = mergeSteps(worker.output);
    const mergeSeconds = Object.values(steps).reduce((sum, ms) => sum + ms, 0) / 1000;
    return {
      seconds: total, uploadSeconds, mergeSeconds, steps, counts: status.counts, state: status.state,
      apiRssMb: api.peakRssMb(), workerRssMb: worker.peakRssMb(),
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
    await deleteQueueKeys(REDIS_URL, prefix);
  }
}

function upload(port: number, token: string, file: string): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path: '/v1/batches?kind=invoices',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Idempotency-Key': `bench-${Date.now()}`, 'Content-Length': statSync(file).size },
    }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(text)) : reject(new Error(`upload answered ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), req).catch(reject);
  });
}

function get(port: number, path: string, token: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', () => resolve({ status: 0, body: null }));
    req.end();
  });
}

/** The worker's "invoices merged" log line (pino JSON) carries the merge's milliseconds per step. */
function mergeSteps(output: string): Record<string, number> {
  const line = output.split('\n').find((l) => l.includes('invoices merged'));
  try {
    return line ? JSON.parse(line).ms ?? {} : {};
  } catch {
    return {};
  }
}

/** What the matcher reads must equal what the lines say: each sale once (replaced originals excluded). */
async function checkAggregates(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT (SELECT sum(invoice_count) FROM invoice_aggregates) AS aggregated,
             (SELECT count(*) FROM invoice_lines WHERE superseded_batch_id IS NULL AND relation IS DISTINCT FROM 'adjusts') AS counted,
             (SELECT count(*) FROM invoice_lines) AS stored,
             (SELECT count(*) FROM invoice_lines WHERE superseded_batch_id IS NOT NULL) AS superseded,
             (SELECT sum(total_payable) FROM invoice_aggregates) AS payable_aggregated,
             (SELECT sum(total_payable) FROM invoice_lines WHERE superseded_batch_id IS NULL) AS payable_counted`);
    const r = rows[0];
    const consistent = r.aggregated === r.counted && r.payable_aggregated === r.payable_counted;
    console.log(`  lines stored ${r.stored}, replaced originals ${r.superseded}, sales in aggregates ${r.aggregated} (recount from lines: ${r.counted}; ${consistent ? 'consistent' : 'INCONSISTENT'})`);
  } finally {
    await client.end();
  }
}

async function until<T>(check: () => Promise<T>, timeoutMs: number, intervalMs = 250): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
