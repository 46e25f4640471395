import { StagedRecord } from './flat-json';

const CHUNK_CHARS = 256 * 1024;

/** One CSV field for COPY: null → unquoted empty (NULL), text → quoted (so "" stays an empty string). */
function field(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  // NUL cannot be stored in PostgreSQL text; it never carries meaning in these fields.
  const clean = value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
  return `"${clean.replace(/"/g, '""')}"`;
}

/**
 * Encodes parsed records as CSV in the staging column order, batched into large chunks: JSON, NDJSON and XML
 * take the same COPY path as CSV, so staging never sees a row-by-row INSERT.
 */
export async function* recordsAsCsv(records: AsyncIterable<StagedRecord>, columns: readonly string[]): AsyncGenerator<Buffer> {
  let buffer = '';
  for await (const record of records) {
    let line = '';
    for (let i = 0; i < columns.length; i++) line += (i ? ',' : '') + field(record[columns[i]]);
    buffer += line + '\n';
    if (buffer.length >= CHUNK_CHARS) {
      yield Buffer.from(buffer, 'utf8');
      buffer = '';
    }
  }
  if (buffer.length) yield Buffer.from(buffer, 'utf8');
}
