import { StringDecoder } from 'node:string_decoder';
import { IntakeStructuralError } from '../intake-structural.error';
import { parseFlatObject, StagedRecord } from './flat-json';

const MAX_RECORD_CHARS = 1024 * 1024;

function malformed(message: string, record: number): IntakeStructuralError {
  return new IntakeStructuralError('JSON_MALFORMED', message, 400, { record });
}

/**
 * Streams the elements of a top-level JSON array without holding the document: the scanner only tracks
 * nesting depth and strings to find where each element ends, then parses that one element.
 */
export async function* readJsonArray(chunks: AsyncIterable<Buffer>, known: ReadonlySet<string>): AsyncGenerator<StagedRecord> {
  const decoder = new StringDecoder('utf8');
  let state: 'before' | 'expect-value' | 'expect-comma' | 'after' = 'before';
  let element = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let record = 0;
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = depth > 0 ? 0 : -1; // where the current element begins in this chunk
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) {
            element += text.slice(start, i + 1);
            start = -1;
            yield parseFlatObject(element, record, known);
            element = '';
            state = 'expect-comma';
          }
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
      if (state === 'before') {
        if (c !== '[') throw new IntakeStructuralError('JSON_NOT_ARRAY', 'a JSON batch is an array of records');
        state = 'expect-value';
      } else if (state === 'expect-value' && c === ']' && record === 0) {
        state = 'after';
      } else if (state === 'expect-value') {
        record++;
        if (c !== '{') throw new IntakeStructuralError('JSON_RECORD_NOT_OBJECT', `record ${record} is not a JSON object`, 400, { record });
        depth = 1;
        start = i;
      } else if (state === 'expect-comma' && c === ',') {
        state = 'expect-value';
      } else if (state === 'expect-comma' && c === ']') {
        state = 'after';
      } else {
        throw malformed(`malformed JSON after record ${record}`, record);
      }
    }
    if (start >= 0) {
      element += text.slice(start);
      if (element.length > MAX_RECORD_CHARS) throw new IntakeStructuralError('JSON_RECORD_TOO_LARGE', `record ${record} is larger than 1 MiB`, 400, { record });
    }
  }
  if (state === 'before') throw new IntakeStructuralError('BATCH_EMPTY', 'the body is empty');
  if (state !== 'after') throw malformed('the JSON array is not closed', record);
}

/** One JSON object per line; blank lines are skipped and do not count as records. */
export async function* readNdjson(chunks: AsyncIterable<Buffer>, known: ReadonlySet<string>): AsyncGenerator<StagedRecord> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let record = 0;
  let first = true;
  const parseLine = (line: string): StagedRecord | null => {
    if (/^[\s\ufeff]*$/.test(line)) return null;
    record++;
    return parseFlatObject(line, record, known);
  };
  for await (const chunk of chunks) {
    let text = carry + decoder.write(chunk);
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const parsed = parseLine(text.slice(from, nl));
      from = nl + 1;
      if (parsed) yield parsed;
    }
    carry = text.slice(from);
    if (carry.length > MAX_RECORD_CHARS) throw new IntakeStructuralError('JSON_RECORD_TOO_LARGE', `record ${record + 1} is larger than 1 MiB`, 400, { record: record + 1 });
  }
  const last = parseLine(carry + decoder.end());
  if (last) yield last;
}
