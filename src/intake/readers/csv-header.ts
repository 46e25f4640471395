import { IntakeStructuralError } from '../intake-structural.error';

const MAX_HEADER_BYTES = 64 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface CsvHead {
  /** Header names as written (trimmed), in file order. */
  names: string[];
  /** Bytes after the header line, to be sent on to COPY first. */
  rest: Buffer;
}

/**
 * Reads the header line from the front of a CSV byte stream (BOM and CRLF tolerated) and leaves the
 * iterator positioned after the chunk that contained it. Quoted names are allowed; a quoted newline inside
 * the header is not (no platform sends one, and it would make the record count ambiguous).
 */
export async function readCsvHeader(chunks: AsyncIterator<Buffer>): Promise<CsvHead> {
  let head: Buffer = Buffer.alloc(0);
  for (;;) {
    const newline = head.indexOf(0x0a);
    if (newline >= 0) {
      let line = head.subarray(0, newline);
      if (line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      if (line.subarray(0, 3).equals(BOM)) line = line.subarray(3);
      return { names: parseHeaderLine(line.toString('utf8')), rest: head.subarray(newline + 1) };
    }
    if (head.length > MAX_HEADER_BYTES) throw new IntakeStructuralError('CSV_HEADER_INVALID', 'the CSV header line is too long');
    const next = await chunks.next();
    if (next.done) {
      if (head.length === 0) throw new IntakeStructuralError('BATCH_EMPTY', 'the body is empty');
      // A header without a trailing newline: a file with no records.
      return readCsvHeader(oneChunk(Buffer.concat([head, Buffer.from('\n')])));
    }
    head = head.length ? Buffer.concat([head, next.value]) : next.value;
  }
}

async function* oneChunkGen(chunk: Buffer): AsyncGenerator<Buffer> {
  yield chunk;
}
function oneChunk(chunk: Buffer): AsyncIterator<Buffer> {
  return oneChunkGen(chunk);
}

/** RFC 4180 fields of one line. */
export function parseHeaderLine(line: string): string[] {
  const names: string[] = [];
  let i = 0;
  for (;;) {
    let name = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new IntakeStructuralError('CSV_HEADER_INVALID', 'unterminated quote in the CSV header');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new IntakeStructuralError('CSV_HEADER_INVALID', 'text after a quoted CSV header name');
    } else {
      const comma = line.indexOf(',', i);
      name = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    names.push(name.trim());
    if (i >= line.length) return names;
    i++; // the comma
  }
}

/**
 * Yields the rest of a CSV body with any run of blank lines at its very end reduced to one newline (spreadsheet
 * exports often end with several, and COPY would read each as a record with missing columns).
 */
export async function* withoutTrailingBlankLines(first: Buffer, chunks: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  const take = (chunk: Buffer): Buffer | null => {
    let end = chunk.length;
    while (end > 0 && (chunk[end - 1] === 0x0a || chunk[end - 1] === 0x0d)) end--;
    if (end === 0) {
      pending = Buffer.concat([pending, chunk]);
      return null;
    }
    const body = chunk.subarray(0, end);
    const out = pending.length ? Buffer.concat([pending, body]) : body;
    pending = chunk.subarray(end);
    return out;
  };
  const firstOut = take(first);
  if (firstOut) yield firstOut;
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const out = take(next.value);
    if (out) yield out;
  }
  // Keep the file's own line-break style: COPY refuses a file that mixes them.
  if (pending.length) yield pending.subarray(0, pending[0] === 0x0d && pending[1] === 0x0a ? 2 : 1);
}
