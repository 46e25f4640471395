/**
 * `npm run bench:console`: the web console's case queue in a real browser on 1 M cases. Loads the cases the way
 * `bench:api` does (bench/api-load.ts), starts the built API, signs an officer in through the console in Debian's
 * chromium (playwright-core) and times, as the officer sees it, the first page and keyset pages of a few filter/sort
 * shapes: from the click to the new rows on screen. Prints each shape's page times and the API fetch time the page
 * itself reports.
 *
 *   npm run bench:console                      1 M cases, 10 pages per shape
 *   npm run bench:console -- --cases 200000 --pages 5
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, Page } from 'playwright-core';
import { loadCases } from './api-load';
import { BenchChild, benchDatabase, freePort, httpJson } from './bench-support';
import { machineLine } from './machine';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHAPES: Array<[string, string]> = [
  ['estimate, no filter', ''],
  ['open, oldest first', '?status=open&sort=age'],
  ['province 79, confidence', '?province=79&sort=confidence'],
  ['under-declared ≥ 10 M VND', '?signal=UNDER_DECLARED&minEstimate=10000000'],
  ['2025, in review, mine', '?taxYear=2025&status=in_review&assignee=me'],
];

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const total = arg('cases', 1_000_000);
  const pages = arg('pages', 10);
  console.log(machineLine());
  console.log(`cores: ${cpus().length}, shared by PostgreSQL, the API, chromium and anything else running; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const db = await benchDatabase('console');
  const env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `ect_bench_console_${process.pid}`, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  let api: BenchChild | undefined;
  const profile = await mkdtemp(join(tmpdir(), 'ect-bench-chromium-'));
  try {
    const started = Date.now();
    await loadCases(db.url, total);
    console.log(`loaded ${total.toLocaleString('en')} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    // A new officer: "mine" finds nothing, which is the assignee index answering an empty page.
    const cli = BenchChild.start('dist/src/cli/main.js', env, ['user:create', 'bench-console-officer', '--role', 'officer']);
    await cli.exited;
    await cli.stop();
    const token = cli.output.trim().split('\n').pop()!.trim();
    const port = await freePort();
    api = BenchChild.start('dist/src/main.js', { ...env, PORT: String(port) });
    await api.waitFor(async () => (await httpJson(port, '/health').catch(() => undefined))?.status === 'ok');

    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, viewport: { width: 1440, height: 900 } });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/console/login`);
    await page.getByLabel('Mã truy cập').fill(token);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hàng đợi hồ sơ' }).waitFor();
    console.log(`\nms from click to rows on screen (browser), and the API fetch time the page reports; ${pages} pages per shape`);
    for (const [name, query] of SHAPES) console.log(`  ${name.padEnd(28)} ${await shape(page, port, query, pages)}`);
    await context.close();
  } finally {
    await api?.stop();
    await rm(profile, { recursive: true, force: true });
    await db.drop();
  }
}

/** Opens the queue with the shape's query, then pages forward; returns the times of page 1 and of the keyset pages. */
async function shape(page: Page, port: number, query: string, pages: number): Promise<string> {
  const shown: number[] = [];
  const fetched: number[] = [];
  let t0 = Date.now();
  await page.goto(`http://127.0.0.1:${port}/console/cases${query}`);
  for (let n = 1; n <= pages; n++) {
    await page.getByText(`Trang ${n}, sắp xếp theo bộ lọc đã chọn`).waitFor();
    shown.push(Date.now() - t0);
    fetched.push(Number(/trong (\d+) ms/.exec((await page.getByText(/Trang tải trong/).textContent()) ?? '')?.[1] ?? NaN));
    const next = page.getByRole('button', { name: 'Trang sau' });
    if (n === pages || (await next.isDisabled())) break;
    t0 = Date.now();
    await next.click();
  }
  const first = `first page incl. page load ${shown[0]} ms (fetch ${fetched[0]} ms)`;
  if (shown.length === 1) return `${first} · one page only`;
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
  return `${first} · ${shown.length - 1} keyset pages: median ${median(shown.slice(1))} ms, max ${Math.max(...shown.slice(1))} ms ` +
    `(fetch median ${median(fetched.slice(1))} ms)`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
