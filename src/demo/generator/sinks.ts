/**
 * Streamed output files. Rows are buffered as strings and handed to the file stream in large chunks;
 * `flush()` waits for 'drain' whenever the stream says its buffer is full, so memory stays flat however
 * large the world is.
 */
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng } from './prng';

export type RowFormat = 'csv' | 'json' | 'ndjson' | 'raw';

/** RFC 4180: quote a field when it holds a comma, a quote or a line break; double inner quotes. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + csvField(values[i]);
  return out;
}

const FLUSH_BYTES = 1 << 18;

interface Pending {
  text: string;
  onRow?: (rowNumber: number) => void;
}

export class FileSink {
  /** Data records written so far (CSV rows after the header, JSON array elements, NDJSON lines). */
  rows = 0;
  private readonly stream: WriteStream;
  private chunks: string[] = [];
  private bytes = 0;
  private readonly window: Pending[] = [];
  private closed = false;
  private failure: Error | null = null;

  constructor(
    readonly root: string,
    readonly path: string,
    readonly format: RowFormat,
    header?: readonly string[],
    /** Emit rows in a locally shuffled order (window of this many rows), so files are not sorted by person. */
    private readonly shuffle?: { window: number; rng: Rng },
  ) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    this.stream = createWriteStream(full, { highWaterMark: 1 << 20 });
    this.stream.on('error', (e) => (this.failure = e));
    if (format === 'csv' && header) this.append(header.join(',') + '\n');
    if (format === 'json') this.append('[');
  }

  /** One data record (a CSV line, a JSON value, an NDJSON line), without its separator. */
  push(text: string, onRow?: (rowNumber: number) => void): void {
    if (this.closed) throw new Error(`${this.path} is closed`);
    if (!this.shuffle) return this.emit({ text, onRow });
    this.window.push({ text, onRow });
    if (this.window.length > this.shuffle.window) this.emit(this.takeRandom());
  }

  /** Text outside the record structure (XML envelopes). */
  raw(text: string): void {
    this.append(text);
  }

  /** Counts a record that was written with `raw` (a DPI ReportableSeller, an e-invoice). */
  countRecord(): void {
    this.rows++;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.bytes === 0) return;
    const chunk = this.chunks.join('');
    this.chunks = [];
    this.bytes = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve, reject) => {
      const onDrain = () => { this.stream.off('error', onError); resolve(); };
      const onError = (e: Error) => { this.stream.off('drain', onDrain); reject(e); };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  /** Pending UTF-16 code units (a proxy for bytes). */
  get pendingBytes(): number {
    return this.bytes;
  }

  async close(): Promise<void> {
    while (this.window.length) this.emit(this.takeRandom());
    if (this.format === 'json') this.append(this.rows ? '\n]\n' : ']\n');
    this.closed = true;
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }

  private takeRandom(): Pending {
    const i = Math.floor(this.shuffle!.rng.next() * this.window.length);
    const item = this.window[i];
    this.window[i] = this.window[this.window.length - 1];
    this.window.pop();
    return item;
  }

  private emit(p: Pending): void {
    this.rows++;
    if (this.format === 'json') this.append((this.rows > 1 ? ',\n' : '\n') + p.text);
    else this.append(p.text + '\n');
    p.onRow?.(this.rows);
  }

  private append(s: string): void {
    this.chunks.push(s);
    this.bytes += s.length;
  }
}

/** All open sinks of a run; flushes any that hold more than a chunk. */
export class SinkSet {
  private readonly sinks: FileSink[] = [];

  add(sink: FileSink): FileSink {
    this.sinks.push(sink);
    return sink;
  }

  async flushFull(): Promise<void> {
    for (const s of this.sinks) if (s.pendingBytes >= FLUSH_BYTES) await s.flush();
  }

  async closeAll(): Promise<void> {
    for (const s of this.sinks) await s.close();
  }
}
