/**
 * Pieces of `npm run bench:invoices` (see invoices.ts): the input file, a throw-away database, the raw COPY
 * baseline, and the real API and worker processes with their peak RSS.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { generateInvoiceLines } from '../src/demo/generator/invoice-lines';

export const ROOT = join(__dirname, '../..');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The demo generator's benchmark file (valid sellers, yearly numbering in date order, ~0.2 % replacing invoices), cached per size. */
export async function invoiceFile(lines: number): Promise<string> {
  const dir = join(tmpdir(), `ect-bench-invoices-${lines}-seed1`);
  const file = join(dir, 'authority', 'invoices.csv');
  if (!existsSync(file) || !existsSync(join(dir, 'manifest.json'))) {
    process.stdout.write(`generating ${lines} invoice lines into ${dir} (cached for later runs) … `);
    const summary = await generateInvoiceLines({ lines, seed: 1, outDir: dir });
    console.log(`${(summary.elapsedMs / 1000).toFixed(1)} s`);
  }
  return file;
}

export async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A migrated database of its own; `drop()` removes it. */
export async function benchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ect_bench_invoices_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataSource = await new DataSource(dataSourceOptions(url.toString(), 2, 'ecomtax-bench')).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** PostgreSQL's own COPY of the same file into an unindexed, logged table of text columns: the yardstick. */
export async function rawCopySeconds(url: string, file: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const header = firstLine(file);
    const columns = header.split(',').map((c) => `"${c.trim()}" text`).join(', ');
    await client.query(`CREATE TABLE raw_invoices (${columns})`);
    await client.query('CHECKPOINT');
    const started = process.hrtime.bigint();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`COPY raw_invoices FROM STDIN (FORMAT csv, HEADER true)`)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query('DROP TABLE raw_invoices');
    await client.query('CHECKPOINT');
    return seconds;
  } finally {
    await client.end();
  }
}

function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8').split('\n')[0];
  } finally {
    closeSync(fd);
  }
}

/** One of the built processes (API, worker, CLI), its output kept, its peak RSS readable from /proc. */
export class BenchProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private peakKb = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    // VmHWM is the kernel's own high-water mark; sampling only guards against reading it after exit.
    this.sampler = setInterval(() => this.sample(), 200);
    this.exited = new Promise((resolve) => child.on('exit', (code) => {
      clearInterval(this.sampler);
      resolve(code);
    }));
  }

  static start(entry: string, env: Record<string, string>, args: string[] = []): BenchProcess {
    return new BenchProcess(spawn(process.execPath, [join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
  }

  private sample(): void {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, kb);
    } catch {
      // the process has exited
    }
  }

  peakRssMb(): number {
    this.sample();
    return this.peakKb / 1024;
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}
