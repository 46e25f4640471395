/**
 * Reads a generated demo world back, independently of the generator's own code paths: CSV through
 * csv-parse, XML through fast-xml-parser. Shared by the demo-generator specs.
 */
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Manifest } from '../../src/demo/generator/world-files';

export type Row = Record<string, string | number | boolean | null>;

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Strict RFC 4180 parse: every record must have exactly the header's columns. */
export function readCsv(dir: string, path: string): { header: string[]; rows: Row[] } {
  const text = readFileSync(join(dir, path), 'utf8');
  const records = parse(text, { relax_column_count: false, skip_empty_lines: false, bom: false }) as string[][];
  const [header, ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** Platform records whatever the format (CSV, JSON array, NDJSON). JSON values are normalised to strings. */
export function readRecords(dir: string, path: string, contentType: string): Row[] {
  const text = readFileSync(join(dir, path), 'utf8');
  if (contentType === 'text/csv') return readCsv(dir, path).rows;
  const values: Row[] = contentType === 'application/json' ? JSON.parse(text) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return values.map((v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? '' : String(x)])));
}

export function validateXml(dir: string, path: string): true | string {
  const r = XMLValidator.validate(readFileSync(join(dir, path), 'utf8'));
  return r === true ? true : JSON.stringify(r.err);
}

const ARRAYS = new Set(['HDon', 'HHDVu', 'LTSuat', 'dpi:ReportableSeller', 'dpi:TIN']);

export function readXml(dir: string, path: string): any {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  return parser.parse(readFileSync(join(dir, path), 'utf8'));
}

export function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'object') return String((node as Record<string, unknown>)['#text'] ?? '');
  return String(node);
}
