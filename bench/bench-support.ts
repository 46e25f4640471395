/** What the bench scripts share: a throw-away database, the raw COPY yardstick, child processes, HTTP. */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { withPgClient } from '../src/database/with-pg-client';

export const ROOT = join(__dirname, '../..');
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function admin(sql: string): Promise<void> {
  await withPgClient(ADMIN_URL, (client) => client.query(sql));
}

/** A migrated database of its own; `drop()` removes it. */
export async function benchDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ect_bench_${tag}_${randomBytes(3).toString('hex')}`;
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

/** PostgreSQL's own COPY of the same CSV file into an unindexed, logged table of text columns: the yardstick. */
export async function rawCopySeconds(url: string, file: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = firstLine(file).split(',').map((c) => `"${c.trim()}" text`).join(', ');
    await client.query(`CREATE TABLE raw_copy (${columns})`);
    await client.query('CHECKPOINT');
    const started = process.hrtime.bigint();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`COPY raw_copy FROM STDIN (FORMAT csv, HEADER true)`)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query('DROP TABLE raw_copy');
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
    return buffer.subarray(0, n).toString('utf8').split('\n')[0].replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function httpJson(port: number, path: string, token?: string): Promise<any> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
    }).on('error', reject);
  });
}

/** A built process with its output kept and its peak RSS (the kernel's VmHWM) readable until it exits. */
export class BenchChild {
  output = '';
  readonly exited: Promise<number | null>;
  private peakKb = 0;
  private readonly sampler: NodeJS.Timeout;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.sampler = setInterval(() => this.sample(), 100);
  }

  static start(entry: string, env: Record<string, string>, args: string[] = []): BenchChild {
    return new BenchChild(spawn(process.execPath, [join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
  }

  private sample(): void {
    try {
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, kb);
    } catch {
      // exited
    }
  }

  peakRssMb(): number {
    this.sample();
    return this.peakKb / 1024;
  }

  async waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 200): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check().catch(() => undefined);
      if (value) return value;
      if (this.child.exitCode !== null) throw new Error(`process exited:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out:\n${this.output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
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
