/** The output directory of a generator run. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FORMAT } from './world-files';

/** Marks a directory as a demo world from the start, so a run that died half-way can be re-run over it. */
const MARKER = '.demo-world';

/**
 * Stale files from an earlier run would mislead, so an earlier world in `outDir` is removed first. A
 * non-empty directory that does not hold a world is refused rather than cleared.
 */
export function prepareOutDir(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    let ours = existsSync(join(outDir, MARKER));
    try {
      ours ||= JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')).format === MANIFEST_FORMAT;
    } catch {
      // not a manifest of ours
    }
    if (!ours) throw new Error(`refusing to write into ${outDir}: it is not empty and holds no demo world (manifest.json)`);
    for (const sub of ['authority', 'platforms', 'truth', 'manifest.json']) rmSync(join(outDir, sub), { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, MARKER), 'Written by src/demo/generator; the whole directory is regenerated on each run.\n');
}
