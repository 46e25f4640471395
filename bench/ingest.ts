/**
 * `npm run bench:ingest`: a 1 M-row sellers CSV through the real door (the built API streaming into staging
 * over HTTP, the built worker validating and merging into versioned observations), against PostgreSQL's own
 * COPY of the same file into an unindexed table, in the same run. Prints rows/s of both, their ratio (goal
 * ≥ 0.5), where the time went, and the API's peak RSS (goal < 300 MB).
 *
 *   npm run bench:ingest                      1 M rows (INGEST_BENCH_ROWS or --rows N to change)
 *   npm run bench:ingest -- --bytes 1e9       the API's peak RSS while it takes a 1 GB body (upload only)
 *
 * Throw-away database on the local PostgreSQL, own queue prefix on the local Redis; input cached in bench/out.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { deleteQueueKeys } from '../src/demo/queue-reset';
import { BenchChild, benchDatabase, freePort, httpJson, rawCopySeconds, ROOT } from './bench-support';
import { sellersCsv } from './ingest-generate';
import { machineLine } from './machine';
import { emitBenchResult } from './result';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function upload(port: number, token: string, file: string): Promise<{ id: string; seconds: number }> {
  const started = process.hrtime.bigint();
  const body = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/v1/batches?kind=sellers',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Idempotency-Key': `bench-${randomBytes(4).toString('hex')}`,
          'Content-Length': statSync(file).size } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 202 ? resolve(text) : reject(new Error(`upload answered ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), req).catch(reject);
  });
  return { id: JSON.parse(body).id, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const bytes = arg('bytes') ? Number(arg('bytes')) : undefined;
  const rows = Number(arg('rows') ?? process.env.INGEST_BENCH_ROWS ?? 1_000_000);
  console.log(machineLine());
  console.log(`cores: ${cpus().length} (shared with PostgreSQL, Redis and anything else running on this machine)`);
  const t = Date.now();
  const input = await sellersCsv(join(ROOT, 'bench/out'), rows, bytes);
  const megabytes = statSync(input.file).size / 2 ** 20;
  console.log(`input: ${input.rows} sellers rows, ${megabytes.toFixed(0)} MiB (${input.file}, ready in ${((Date.now() - t) / 1000).toFixed(1)} s)`);

  const db = await benchDatabase('ingest');
  const prefix = `ect_bench_ingest_${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const env = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development', STUCK_AFTER_MS: '3600000' };
  const processes: BenchChild[] = [];
  try {
    const copySeconds = bytes ? NaN : await rawCopySeconds(db.url, input.file);
    const cli = BenchChild.start('dist/src/cli/main.js', env, ['platform:create', 'Bench Ingest']);
    await cli.exited;
    const token = cli.output.trim().split('\n').pop()!.trim();
    const api = BenchChild.start('dist/src/main.js', env);
    processes.push(api);
    await api.waitFor(async () => (await httpJson(port, '/health').catch(() => undefined))?.status === 'ok');
    const worker = bytes ? undefined : BenchChild.start('dist/workers/main.js', { ...env, LOG_LEVEL: 'info' });
    if (worker) processes.push(worker);

    const uploadStarted = Date.now();
    const sent = await upload(port, token, input.file);
    console.log(`upload + staging COPY (HTTP 202): ${sent.seconds.toFixed(1)} s, ${(megabytes / sent.seconds).toFixed(0)} MiB/s`);
    console.log(`API peak RSS (VmHWM) while taking ${megabytes.toFixed(0)} MiB: ${api.peakRssMb().toFixed(0)} MB (goal < 300 MB)`);
    const stagingRate = input.rows / sent.seconds;
    if (bytes) {
      emitBenchResult('ingest', `${megabytes.toFixed(0)} MiB body`, [
        { name: 'API peak RSS taking the body', value: api.peakRssMb(), unit: 'MB', goal: '< 300 MB', met: api.peakRssMb() < 300 },
      ]);
      return;
    }

    const status = await api.waitFor(async () => {
      const s = await httpJson(port, `/v1/batches/${sent.id}`, token);
      return ['loaded', 'matching', 'done', 'failed'].includes(s.state) ? s : undefined;
    }, 3_600_000, 250);
    if (status.state === 'failed') throw new Error(`the batch failed: ${status.errorCode} ${status.errorMessage}`);
    const total = (Date.parse(status.loadedAt) - uploadStarted) / 1000;
    const merge = (Date.parse(status.loadedAt) - Date.parse(status.parsingStartedAt)) / 1000;
    const e2eRate = input.rows / total;
    const copyRate = input.rows / copySeconds;
    console.log(`counts: ${JSON.stringify(status.counts)}`);
    console.log(`worker merge (parsing → loaded, one transaction): ${merge.toFixed(1)} s`);
    console.log(`end to end until loaded: ${total.toFixed(1)} s = ${Math.round(e2eRate).toLocaleString('en')} rows/s`);
    console.log(`raw COPY of the same file into an unindexed table: ${copySeconds.toFixed(1)} s = ${Math.round(copyRate).toLocaleString('en')} rows/s`);
    console.log(`ratio end-to-end / raw COPY: ${(e2eRate / copyRate).toFixed(2)} (goal ≥ 0.5)`);
    console.log(`worker peak RSS: ${worker!.peakRssMb().toFixed(0)} MB`);
    const copyFloor = { name: 'raw COPY, unindexed table', value: copyRate, unit: 'rows/s' };
    emitBenchResult('ingest', `${input.rows.toLocaleString('en')} sellers rows`, [
      { name: 'accepted (HTTP upload → staging, 202)', value: stagingRate, unit: 'rows/s', floor: copyFloor, ratio: stagingRate / copyRate },
      { name: 'end to end until loaded (validated, merged)', value: e2eRate, unit: 'rows/s', floor: copyFloor, ratio: e2eRate / copyRate, goal: 'ratio ≥ 0.5', met: e2eRate / copyRate >= 0.5 },
      { name: 'API peak RSS', value: api.peakRssMb(), unit: 'MB', goal: '< 300 MB', met: api.peakRssMb() < 300 },
    ]);
    const merged = /"timings":(\{[^}]*\})/.exec(worker!.output)?.[1];
    if (merged) console.log(`merge steps (ms): ${merged}`);
  } finally {
    for (const child of processes) await child.stop();
    await deleteQueueKeys(REDIS_URL, prefix).catch(() => 0);
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
