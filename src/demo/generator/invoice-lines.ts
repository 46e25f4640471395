/**
 * Benchmark mode: only authority/invoices.csv, with exactly N invoice lines (10M and more), in flat
 * memory. Sellers are synthetic companies and household businesses with valid tax codes; each issues
 * its invoices in date order with yearly numbering, a few of them replaced.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vocabulary from '../data/vocabulary.json';
import { epochDayOf, isoDate } from './calendar';
import { prepareOutDir } from './out-dir';
import { IdFactory } from './ids';
import { Progress } from './options';
import { labelCode, Rng } from './prng';
import { RULES_VERSION } from './rules';
import { FileSink } from './sinks';
import { INVOICE_COLUMNS, Manifest, MANIFEST_FORMAT } from './world-files';

export interface InvoiceLinesOptions {
  lines: number;
  seed: number;
  outDir: string;
  onProgress?: (p: Progress) => void;
}

export interface InvoiceLinesSummary {
  outDir: string;
  lines: number;
  sellers: number;
  elapsedMs: number;
}

const FIRST_DAY = epochDayOf(2025, 1, 1);
const DAYS = epochDayOf(2026, 9, 30) - FIRST_DAY + 1;
const PER_SELLER = 2000;
const BUYERS = 5000;

export async function generateInvoiceLines(o: InvoiceLinesOptions): Promise<InvoiceLinesSummary> {
  if (!Number.isInteger(o.lines) || o.lines < 1) throw new Error('lines must be a positive integer');
  const started = Date.now();
  prepareOutDir(o.outDir);
  const ids = new IdFactory(o.seed, vocabulary.phonePrefixesPrimary, vocabulary.phonePrefixesSecondary);
  const sellers = Math.max(1, Math.ceil(o.lines / PER_SELLER));
  if (sellers + BUYERS > IdFactory.MAX_SERIAL) throw new Error('too many invoice lines for the serial space');
  const buyerCodes = Array.from({ length: BUYERS }, (_, k) => ids.taxCode(sellers + k, true));
  const sink = new FileSink(o.outDir, 'authority/invoices.csv', 'csv', INVOICE_COLUMNS);
  const rng = new Rng(o.seed ^ labelCode('invoice-lines'));
  let written = 0;
  for (let s = 0; s < sellers && written < o.lines; s++) {
    const business = rng.chance(0.4);
    const code = ids.taxCode(s, business);
    const form = business ? 1 : 2;
    const vat = business ? (rng.chance(0.7) ? 8 : 10) : 0;
    const letters = String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25));
    const count = Math.min(PER_SELLER, o.lines - written);
    // Dates in order: a sorted sample of `count` days over the range.
    let day = FIRST_DAY;
    const step = DAYS / count;
    let year = 0;
    let number = 0;
    let previous = '';
    for (let k = 0; k < count; k++) {
      day = FIRST_DAY + Math.min(DAYS - 1, Math.floor(k * step + rng.next() * step));
      const date = isoDate(day);
      const y = Number(date.slice(0, 4));
      if (y !== year) {
        year = y;
        number = 0;
        previous = '';
      }
      number++;
      const series = `C${String(y % 100)}T${letters}`;
      const before = rng.int(20, 40_000) * 1000;
      const tax = Math.round((before * vat) / 100);
      const buyer = business && rng.chance(0.3) ? buyerCodes[rng.int(0, BUYERS - 1)] : '';
      const replaces = previous && rng.chance(0.002) ? previous : '';
      sink.push(`${code},${form},${series},${number},${date},${buyer},${before},${tax},${before + tax},${replaces}`);
      previous = `${form}/${series}/${number}`;
      written++;
      if (written % 50_000 === 0) {
        await sink.flush();
        o.onProgress?.({ phase: 'invoices', done: written, total: o.lines });
      }
    }
  }
  await sink.close();
  o.onProgress?.({ phase: 'invoices', done: written, total: o.lines });
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    seed: o.seed,
    sellers: 0,
    asOf: '2026-11-23',
    rulesVersion: RULES_VERSION,
    platforms: [],
    files: [{ path: sink.path, kind: 'invoices', source: 'authority', contentType: 'text/csv', rows: sink.rows }],
    truth: [],
  };
  writeFileSync(join(o.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { outDir: o.outDir, lines: written, sellers, elapsedMs: Date.now() - started };
}
