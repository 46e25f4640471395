/**
 * `npm run bench:api`: 1 M cases in a throw-away database, the real API process (dist/src/main.js), and 50 concurrent
 * HTTP clients (autocannon, keep-alive, no think time) on the officers' queue: first pages and keyset pages of a mix
 * of filters and sorts. Goal: p99 ≤ 50 ms. Prints the machine, its load before and after, autocannon's own numbers,
 * and the EXPLAIN of every list shape.
 *
 *   npm run bench:api                               1 M cases, 30 s (API_BENCH_CASES / --cases N, --seconds S)
 *   npm run bench:api -- --rate 5                   the paced run's requests/s per client (default 2: an officer paging twice a second)
 *   npm run bench:api -- --keep                     keep the database (its URL is printed)
 *
 * Environment of the API: LOG_LEVEL=warn (request logs off: the bench measures the queue, not the log sink),
 * DATABASE_POOL_SIZE=10 (the default).
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { BenchChild, benchDatabase, freePort, httpJson } from './bench-support';
import { explainShapes, loadCases, shapes } from './api-load';
import { machineLine } from './machine';
import { emitBenchResult } from './result';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = 50;

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** First page of every shape, then up to `depth` keyset pages each: the URLs the clients pick from at random. */
async function requestPaths(port: number, token: string, officerId: string, depth: number): Promise<string[]> {
  const paths: string[] = [];
  for (const shape of shapes(officerId)) {
    let cursor: string | null = null;
    for (let page = 0; page <= depth; page++) {
      const params = new URLSearchParams({ ...shape.query, limit: '50', ...(cursor ? { cursor } : {}) });
      const path = `/v1/cases?${params}`;
      const body = await httpJson(port, path, token);
      if (!Array.isArray(body.items)) throw new Error(`${path} answered ${JSON.stringify(body).slice(0, 300)}`);
      paths.push(path);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
  }
  return paths;
}

async function main(): Promise<void> {
  const total = Number(arg('cases') ?? process.env.API_BENCH_CASES ?? 1_000_000);
  const seconds = Number(arg('seconds') ?? 30);
  console.log(machineLine());
  console.log(`cores: ${cpus().length}, shared by PostgreSQL, Redis, the API, autocannon and anything else running; load average before: ${load()}`);
  const db = await benchDatabase('api');
  const env = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: `ect_bench_api_${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  let api: BenchChild | undefined;
  try {
    const started = Date.now();
    const timings = await loadCases(db.url, total);
    console.log(`loaded ${total.toLocaleString('en')} cases in ${((Date.now() - started) / 1000).toFixed(0)} s (${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);

    const cli = BenchChild.start('dist/src/cli/main.js', env, ['user:create', 'bench-api-officer', '--role', 'officer']);
    await cli.exited;
    await cli.stop();
    const token = cli.output.trim().split('\n').pop()!.trim();
    const officerId = await firstOfficer(db.url);
    const port = await freePort();
    api = BenchChild.start('dist/src/main.js', { ...env, PORT: String(port) });
    await api.waitFor(async () => (await httpJson(port, '/health').catch(() => undefined))?.status === 'ok');

    const paths = await requestPaths(port, token, officerId, 4);
    console.log(`request mix: ${paths.length} URLs (${shapes(officerId).length} filter/sort shapes × first page + up to 4 keyset pages), picked at random per request`);
    // Warm-up: the same mix, not measured.
    await run(port, token, paths, 5);
    console.log(`load average before the measured runs: ${load()}`);
    const pid = api.child.pid!;
    const closed = await measured(pid, () => run(port, token, paths, seconds));
    report('closed loop (each client sends its next request as soon as the last one answered)', closed);
    const rate = Number(arg('rate') ?? 2);
    const paced = await measured(pid, () => run(port, token, paths, seconds, rate));
    report(`paced (each client at most ${rate} requests/s, ${rate * CONNECTIONS} req/s offered)`, paced);
    // The floor: the same HTTP stack and load on GET /health (no credential, no case query).
    const floorClosed = await run(port, token, ['/health'], Math.min(seconds, 10));
    const floorPaced = await run(port, token, ['/health'], Math.min(seconds, 10), rate);
    console.log(`\nfloor, GET /health under the same load: closed loop p99 ${floorClosed.latency.p99} ms (${floorClosed.requests.average.toFixed(0)} req/s), paced p99 ${floorPaced.latency.p99} ms`);
    const size = `${total.toLocaleString('en')} cases, ${CONNECTIONS} clients`;
    emitBenchResult('api', size, [
      {
        name: `case list p99, paced (${rate * CONNECTIONS} req/s offered)`, value: paced.latency.p99, unit: 'ms',
        floor: { name: 'GET /health p99, same load', value: floorPaced.latency.p99, unit: 'ms' }, ratio: floorPaced.latency.p99 / Math.max(paced.latency.p99, 1),
        goal: 'p99 ≤ 50 ms', met: paced.latency.p99 <= 50,
      },
      {
        name: 'case list p99, closed loop', value: closed.latency.p99, unit: 'ms',
        floor: { name: 'GET /health p99, same load', value: floorClosed.latency.p99, unit: 'ms' }, ratio: floorClosed.latency.p99 / Math.max(closed.latency.p99, 1),
        goal: 'p99 ≤ 50 ms', met: closed.latency.p99 <= 50,
      },
      {
        name: 'case list throughput, closed loop', value: closed.requests.average, unit: 'req/s',
        floor: { name: 'GET /health, closed loop', value: floorClosed.requests.average, unit: 'req/s' }, ratio: closed.requests.average / floorClosed.requests.average,
      },
    ]);
    console.log(`API peak RSS ${api.peakRssMb().toFixed(0)} MB`);
    console.log('\nEXPLAIN (ANALYZE) of each list shape, page 1 and the next keyset page (query as the service builds it):');
    for (const line of await explainShapes(db.url, officerId)) console.log(`  ${line}`);
  } finally {
    await api?.stop();
    if (process.argv.includes('--keep')) console.log(`database kept: ${db.url}`);
    else await db.drop();
  }
}

async function firstOfficer(url: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`SELECT id FROM users WHERE name = 'bench-officer-1'`)).rows[0].id;
  } finally {
    await client.end();
  }
}

/** CPU time (user + system) the API process spent: clock ticks of /proc/<pid>/stat, 100 per second on Linux. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measured(pid: number, work: () => Promise<autocannon.Result>): Promise<autocannon.Result & { apiCpuMs: number }> {
  const before = cpuMs(pid);
  const result = await work();
  return { ...result, apiCpuMs: cpuMs(pid) - before };
}

function report(title: string, result: autocannon.Result & { apiCpuMs: number }): void {
  const l = result.latency;
  console.log(`\n${title}; load average after: ${load()}`);
  console.log(`  API process CPU: ${(result.apiCpuMs / Math.max(result.requests.total, 1)).toFixed(2)} ms per request (user + system)`);
  console.log(`  autocannon ${require('autocannon/package.json').version}: ${CONNECTIONS} connections, ${result.duration.toFixed(0)} s, ${result.requests.total} requests, ` +
    `${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`);
  console.log(`  latency ms: p50 ${l.p50} · p90 ${l.p90} · p97.5 ${l.p97_5} · p99 ${l.p99} · max ${l.max} (mean ${l.average.toFixed(1)})`);
  console.log(`  p99 ≤ 50 ms: ${l.p99 <= 50 ? 'yes' : 'NO'}`);
}

function run(port: number, token: string, paths: string[], duration: number, connectionRate?: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration,
        ...(connectionRate ? { connectionRate } : {}),
        headers: { authorization: `Bearer ${token}` },
        requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: paths[Math.floor(Math.random() * paths.length)] }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
