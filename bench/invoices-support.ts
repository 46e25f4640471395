/** The input of `npm run bench:invoices` (see invoices.ts); the rest is in bench-support.ts. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateInvoiceLines } from '../src/demo/generator/invoice-lines';

/** The demo generator's benchmark file (valid sellers, yearly numbering in date order, ~0.2 % replacing invoices), cached per size. */
export async function invoiceFile(lines: number): Promise<string> {
  const dir = join(tmpdir(), `ect-bench-invoices-${lines}-seed1`);
  const file = join(dir, 'authority', 'invoices.csv');
  if (!existsSync(file) || !existsSync(join(dir, 'manifest.json'))) {
    process.stdout.write(`generating ${lines} invoice lines into ${dir} (cached for later runs) … `);
    const summary = await generateInvoiceLines({ lines, seed: 1, outDir: dir });
    console.log(`${(summary.elapsedMs / 1000).toFixed(1)} s`);
  }
  return file;
}
