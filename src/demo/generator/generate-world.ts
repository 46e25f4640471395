/**
 * generateWorld: a deterministic Vietnamese demo world (registry, declarations, e-invoices, platform
 * reports) plus the truth a correct matcher and reconciler must reproduce. See README.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResolvedOptions, resolveOptions, WorldOptions } from './options';
import { Population } from './people';
import { PLATFORMS } from './platforms';
import { RULES_VERSION, Signal } from './rules';
import { prepareOutDir } from './out-dir';
import { Manifest, MANIFEST_FORMAT, ManifestFile, WorldFiles } from './world-files';
import { WorldWriter } from './world-writer';

export interface WorldSummary {
  outDir: string;
  seed: number;
  sellers: number;
  shops: number;
  registryRows: number;
  declarationRows: number;
  invoices: number;
  invoiceXmlInvoices: number;
  revenueRows: number;
  dpiRecords: number;
  dpiCorrections: number;
  badRows: number;
  /** Sellers whose numbers were redrawn because a rounding landed inside a clear band (expected: ~0). */
  replanned: number;
  flags: Record<Signal, Record<number, number>>;
  files: ManifestFile[];
  elapsedMs: number;
}

const FLUSH_EVERY = 256;

export async function generateWorld(options: WorldOptions): Promise<WorldSummary> {
  const started = Date.now();
  const opts = resolveOptions(options);
  prepareOutDir(opts.outDir);

  // Pre-pass: how many registry rows the sellers themselves contribute, so fillers bring the registry
  // to exactly registryRatio × sellers.
  const sizing = new Population(opts, 0);
  let sellerRegistryRows = 0;
  for (let i = 0; i < opts.sellers; i++) sellerRegistryRows += Population.registryRows(sizing.skeleton(i));
  const pop = new Population(opts, sellerRegistryRows);

  const files = new WorldFiles(opts.outDir, opts.seed);
  const writer = new WorldWriter(opts, pop, files);
  let fillersDone = 0;
  for (let i = 0; i < opts.sellers; i++) {
    writer.writeSeller(i);
    // Registry fillers are spread evenly between the sellers.
    const due = Math.floor(((i + 1) * pop.fillers) / opts.sellers);
    while (fillersDone < due) writer.writeFiller(fillersDone++);
    if ((i + 1) % FLUSH_EVERY === 0 || i + 1 === opts.sellers) {
      await writer.flush();
      opts.onProgress?.({ phase: 'world', done: i + 1, total: opts.sellers });
    }
  }
  await writer.finish();

  const manifest = buildManifest(opts, files);
  writeFileSync(join(opts.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const s = writer.stats;
  return {
    outDir: opts.outDir,
    seed: opts.seed,
    sellers: opts.sellers,
    shops: s.shops,
    registryRows: files.taxpayers.rows,
    declarationRows: files.declarations.rows,
    invoices: s.invoices,
    invoiceXmlInvoices: s.invoiceXml,
    revenueRows: s.revenueRows,
    dpiRecords: s.dpiRecords,
    dpiCorrections: s.dpiCorrections,
    badRows: files.truth.badRows.rows,
    replanned: s.replanned,
    flags: s.flags,
    files: manifest.files,
    elapsedMs: Date.now() - started,
  };
}

function buildManifest(opts: ResolvedOptions, files: WorldFiles): Manifest {
  return {
    format: MANIFEST_FORMAT,
    seed: opts.seed,
    sellers: opts.sellers,
    asOf: opts.asOf,
    rulesVersion: RULES_VERSION,
    platforms: PLATFORMS.map((p) => ({
      code: p.code,
      name: p.name,
      paymentFunction: p.payment,
      reporting:
        p.revenueFormat === 'dpi'
          ? 'OECD DPI XML per year with quarterly figures; VAT+PIT withheld from 2025-Q3'
          : p.payment
            ? 'quarterly to 2025-Q2, monthly with VAT/PIT withheld from 2025-07'
            : 'quarterly, nothing withheld',
      format: p.revenueFormat === 'dpi' ? 'dpi' : `sellers ${p.sellersFormat}, revenue ${p.revenueFormat}`,
    })),
    files: files.manifestFiles(),
    truth: files.truthFiles(),
  };
}
