import { PoolClient } from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { BatchFormat } from './batch.entity';
import { BatchKindHandler } from './batch-kind';
import { IntakeStructuralError } from './intake-structural.error';
import { readCsvHeader, withoutTrailingBlankLines } from './readers/csv-header';
import { readDpiXml } from './readers/dpi-xml';
import { StagedRecord } from './readers/flat-json';
import { readJsonArray, readNdjson } from './readers/json-records';
import { recordsAsCsv } from './readers/record-csv';
import { createStagingSql, quoteIdent } from './staging';

/**
 * Streams one upload into its staging table inside the caller's transaction. CSV bytes go to PostgreSQL's
 * COPY untouched after the header line (PostgreSQL parses CSV faster than JavaScript does); JSON, NDJSON and
 * XML are parsed as streams and re-encoded as CSV into the same COPY. Returns the number of staged records.
 */
export async function stageUpload(
  client: PoolClient,
  table: string,
  handler: BatchKindHandler,
  format: BatchFormat,
  body: AsyncIterable<Buffer>,
): Promise<number> {
  if (format === 'csv') return stageCsv(client, table, handler, body);
  const known = new Set(handler.columns);
  const records: AsyncIterable<StagedRecord> =
    format === 'json' ? readJsonArray(body, known)
    : format === 'ndjson' ? readNdjson(body, known)
    : handler.readXml ? handler.readXml(Readable.from(body)) : readDpiXml(body);
  await client.query(createStagingSql(table, handler.columns));
  return copy(client, table, handler.columns, recordsAsCsv(records, handler.columns));
}

async function stageCsv(client: PoolClient, table: string, handler: BatchKindHandler, body: AsyncIterable<Buffer>): Promise<number> {
  const chunks = body[Symbol.asyncIterator]();
  const head = await readCsvHeader(chunks);
  const columns = stagingColumns(head.names, handler);
  // Every canonical column exists in staging (absent ones stay NULL), as BatchKindHandler promises its merge.
  const ignored = columns.filter((c) => !handler.columns.includes(c));
  await client.query(createStagingSql(table, [...handler.columns, ...ignored]));
  return copy(client, table, columns, withoutTrailingBlankLines(head.rest, chunks));
}

/** Header names → staging columns: canonical names (case-insensitive), unknown ones kept as ignored columns. */
export function stagingColumns(names: string[], handler: BatchKindHandler): string[] {
  const known = new Set(handler.columns);
  const seen = new Set<string>();
  const columns = names.map((raw, i) => {
    const name = raw.toLowerCase();
    if (name && seen.has(name)) throw new IntakeStructuralError('CSV_DUPLICATE_COLUMN', `column "${raw}" appears twice in the header`, 400, { column: raw });
    seen.add(name);
    return known.has(name) ? name : `_ignored_${i + 1}`;
  });
  const missing = handler.requiredColumns.filter((c) => !seen.has(c));
  if (missing.length) {
    throw new IntakeStructuralError('CSV_MISSING_REQUIRED_COLUMN', `the CSV header lacks required column(s): ${missing.join(', ')}`, 400, { missing });
  }
  return columns;
}

async function copy(client: PoolClient, table: string, columns: readonly string[], source: AsyncIterable<Buffer>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM STDIN (FORMAT csv)`));
  try {
    await pipeline(Readable.from(source, { objectMode: false, highWaterMark: 1 << 20 }), stream);
  } catch (error) {
    throw asStructural(error);
  }
  return Number(stream.rowCount ?? 0);
}

/** PostgreSQL's COPY complaint → a structural error locating the record (COPY counts CSV records as lines). */
function asStructural(error: unknown): unknown {
  const pg = error as { code?: string; message?: string; where?: string };
  if (!pg?.code || error instanceof IntakeStructuralError) return error;
  const record = /line (\d+)/.exec(pg.where ?? '')?.[1];
  const details = record ? { record: Number(record), line: Number(record) + 1 } : undefined;
  const where = record ? ` in record ${record} (line ${Number(record) + 1} of the file)` : '';
  if (pg.code === '22P04') return new IntakeStructuralError('CSV_MALFORMED', `malformed CSV${where}: ${pg.message}`, 400, details);
  if (pg.code === '22021') return new IntakeStructuralError('ENCODING_INVALID', `the body is not valid UTF-8${where}`, 400, details);
  if (pg.code === '22P05' || pg.code === '54000') return new IntakeStructuralError('CSV_MALFORMED', `unreadable value${where}`, 400, details);
  return error;
}
