import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { withPgClient } from '../database/with-pg-client';
import { AppConfig } from '../config/app-config';

const DIST = join(__dirname, '..', '..');

/** The API and worker processes the demo runs, with their logs kept out of the summary (tail them from `logFile`). */
export class DemoStack {
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    for (const [name, file] of [['api', 'src/main.js'], ['worker', 'workers/main.js']] as const) {
      const child = spawn(process.execPath, [join(DIST, file)], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString().trim();
        if (text) this.log(`[${name}] ${text.slice(0, 500)}`);
      });
      child.on('exit', (code, signal) => {
        if (code !== 0 && signal === null && !this.stopping) this.log(`[${name}] exited with code ${code}`);
      });
      this.children.push(child);
    }
  }

  private stopping = false;

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Drops and recreates the demo's own database: the demo never touches the database the service is configured with. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+_demo$/.test(name)) throw new Error(`refusing to recreate "${name}": the demo only recreates databases named *_demo`);
  url.pathname = '/postgres';
  await withPgClient(url.toString(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

export function demoDatabaseUrl(config: AppConfig): string {
  const url = new URL(config.database.url);
  url.pathname = `/${url.pathname.slice(1).replace(/_demo$/, '')}_demo`;
  return url.toString();
}

export async function waitForHealth(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not become healthy at ${baseUrl} within ${timeoutMs} ms`);
}
