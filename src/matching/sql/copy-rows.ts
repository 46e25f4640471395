import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One value in PostgreSQL's COPY text format: `\N` for null, backslash escapes for the control characters. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

export function copyLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return values.map(copyValue).join('\t') + '\n';
}

/** Streams lines into `COPY table (columns) FROM STDIN` on the caller's client (inside its transaction). */
export async function copyLines(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(batched(lines)), sink);
}

// Fewer, larger writes: one chunk per ~64 KiB instead of one per line.
async function* batched(lines: Iterable<string> | AsyncIterable<string>): AsyncIterable<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
