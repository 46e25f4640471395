import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StageKeys, stageLines, StageRow } from './stage-lines';

/** Pages smaller than this are parsed on the calling thread: a worker round trip would cost more. */
const IN_PROCESS_ROWS = 2_000;

/**
 * Parses pages of rows into COPY lines on worker threads (one per core), so name and address parsing runs beside
 * PostgreSQL instead of before it. Falls back to the calling thread for small pages, and where no compiled worker
 * exists (TypeScript run by a test runner).
 */
export class FeaturePool {
  private workers: Worker[] = [];
  private next = 0;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

  constructor(private readonly keys: StageKeys) {}

  async parse(rows: readonly StageRow[]): Promise<string> {
    if (rows.length < IN_PROCESS_ROWS || !this.start()) return stageLines(rows, this.keys).join('');
    // Split the page so every worker gets a share.
    const parts = this.workers.length;
    const size = Math.ceil(rows.length / parts);
    const texts = await Promise.all(Array.from({ length: parts }, (_, i) => this.send(rows.slice(i * size, (i + 1) * size))));
    return texts.join('');
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private start(): boolean {
    if (this.workers.length > 0) return true;
    const file = join(__dirname, 'feature-worker.js');
    if (!existsSync(file)) return false;
    const count = Math.max(1, Math.min(cpus().length, 4));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(file, { workerData: this.keys });
      worker.on('message', (m: { id: number; text?: string; error?: string }) => {
        const waiting = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) waiting?.reject(new Error(m.error));
        else waiting?.resolve(m.text ?? '');
      });
      worker.on('error', (error) => {
        for (const [, waiting] of this.pending) waiting.reject(error);
        this.pending.clear();
      });
      worker.unref();
      this.workers.push(worker);
    }
    return true;
  }

  private send(rows: readonly StageRow[]): Promise<string> {
    if (rows.length === 0) return Promise.resolve('');
    const id = ++this.seq;
    const worker = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, rows });
    });
  }
}
