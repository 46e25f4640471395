/**
 * CLI: node dist/src/demo/generator/main.js --sellers N --seed S --out DIR [--registry-ratio R]
 *      node dist/src/demo/generator/main.js --invoice-lines N --seed S --out DIR
 */
import { parseArgs } from 'node:util';
import { generateWorld } from './generate-world';
import { generateInvoiceLines } from './invoice-lines';
import { BehaviourMix, DEFAULT_MIX } from './options';
import { ProgressBar } from './progress';

const USAGE = `Usage:
  main.js --sellers N --seed S --out DIR [--registry-ratio R] [--mix k=w,...] [--bad-rows N] [--max-invoice-xml N] [--quiet]
  main.js --invoice-lines N --seed S --out DIR [--quiet]

  --sellers N          online sellers (people and companies) in the world
  --seed S             integer seed (0 … 4294967295): same seed, same bytes
  --out DIR            output directory (created; an earlier world in it is replaced)
  --registry-ratio R   registry size ÷ sellers (default 2)
  --mix k=w,...        behaviour weights, e.g. small=0.5,split=0.1 (see README.md; unnamed keep defaults)
  --bad-rows N         deliberately invalid extra rows (default 60)
  --max-invoice-xml N  stand-alone e-invoice XML files (default 300)
  --invoice-lines N    benchmark mode: only authority/invoices.csv with N lines
  --quiet              no progress bar, no summary`;

function int(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

function parseMix(value: string | undefined): Partial<BehaviourMix> | undefined {
  if (!value) return undefined;
  const mix: Partial<BehaviourMix> = {};
  for (const part of value.split(',')) {
    const [key, weight] = part.split('=');
    if (!(key in DEFAULT_MIX)) throw new Error(`--mix: unknown behaviour "${key}" (known: ${Object.keys(DEFAULT_MIX).join(', ')})`);
    const w = Number(weight);
    if (!(w >= 0)) throw new Error(`--mix: weight of ${key} must be a number ≥ 0`);
    mix[key as keyof BehaviourMix] = w;
  }
  return mix;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sellers: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'registry-ratio': { type: 'string' },
      mix: { type: 'string' },
      'bad-rows': { type: 'string' },
      'max-invoice-xml': { type: 'string' },
      'invoice-lines': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const seed = int('seed', values.seed, 0) ?? 1;
  const out = values.out;
  if (!out) throw new Error('--out DIR is required');
  const bar = new ProgressBar();
  const onProgress = values.quiet ? undefined : (p: Parameters<ProgressBar['update']>[0]) => bar.update(p);
  const lines = int('invoice-lines', values['invoice-lines'], 1);
  if (lines !== undefined) {
    const s = await generateInvoiceLines({ lines, seed, outDir: out, onProgress });
    bar.done();
    if (!values.quiet) process.stdout.write(`${s.lines} invoice lines from ${s.sellers} sellers in ${(s.elapsedMs / 1000).toFixed(1)}s → ${s.outDir}\n`);
    return;
  }
  const sellers = int('sellers', values.sellers, 1);
  if (sellers === undefined) throw new Error('--sellers N (or --invoice-lines N) is required');
  const ratio = values['registry-ratio'] === undefined ? undefined : Number(values['registry-ratio']);
  if (ratio !== undefined && !(ratio >= 0)) throw new Error('--registry-ratio must be a number ≥ 0');
  const s = await generateWorld({
    sellers,
    seed,
    outDir: out,
    registryRatio: ratio,
    mix: parseMix(values.mix),
    badRows: int('bad-rows', values['bad-rows'], 0),
    maxInvoiceXmlFiles: int('max-invoice-xml', values['max-invoice-xml'], 0),
    onProgress,
  });
  bar.done();
  if (values.quiet) return;
  const flags = Object.entries(s.flags)
    .map(([signal, byYear]) => `${signal} ${byYear[2025]}/${byYear[2026]}`)
    .join(', ');
  process.stdout.write(
    [
      `demo world seed ${s.seed} → ${s.outDir} in ${(s.elapsedMs / 1000).toFixed(1)}s`,
      `  ${s.sellers} sellers, ${s.shops} shops, ${s.registryRows} registry rows, ${s.declarationRows} declarations`,
      `  ${s.revenueRows} platform revenue rows, ${s.dpiRecords} DPI records (${s.dpiCorrections} corrected), ${s.invoices} e-invoices (${s.invoiceXmlInvoices} as XML)`,
      `  ${s.badRows} rows listed in truth/bad-rows.csv${s.replanned ? `, ${s.replanned} sellers redrawn off a threshold band` : ''}`,
      `  flags 2025/2026: ${flags}`,
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`\n${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
