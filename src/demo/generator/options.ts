/** Options of `generateWorld`, their defaults and validation. */
import { DEFAULT_AS_OF } from './calendar';
import { IdFactory } from './ids';

/**
 * Behaviours of the online-seller population (weights; normalised). See README.md for what each means.
 */
export interface BehaviourMix {
  /** Below every threshold in both years (most sellers). */
  small: number;
  /** Registered, above the threshold, declares 98–100 % of what is not withheld, invoices when it must. */
  compliant: number;
  /** Registered, declared + withheld covers 20–60 % (never above 75 %) of platform revenue. */
  under_declarer: number;
  /** Registered, sells only on the platform without withholding, files nothing. */
  non_filer: number;
  /** Not in the registry, above the threshold. */
  unregistered: number;
  /** Sells on 2–4 platforms, each below the threshold, together above it. */
  split: number;
  /** Compliant, but one platform withholds at the wrong rate for them. */
  mis_withheld: number;
  /** Registered, revenue ≥ 1 billion, declares, but issues few or no e-invoices. */
  invoice_gap: number;
  /** A company (Công ty TNHH …) selling online; compliant. */
  business: number;
}

export type Behaviour = keyof BehaviourMix;

export const DEFAULT_MIX: Readonly<BehaviourMix> = {
  small: 0.55,
  compliant: 0.2,
  under_declarer: 0.05,
  non_filer: 0.04,
  unregistered: 0.04,
  split: 0.04,
  mis_withheld: 0.02,
  invoice_gap: 0.02,
  business: 0.04,
};

export interface Progress {
  phase: 'world' | 'invoices';
  done: number;
  total: number;
}

export interface WorldOptions {
  /** Number of distinct online sellers (people and companies); each has one or more shops. */
  sellers: number;
  seed: number;
  outDir: string;
  /** Registry size ÷ sellers (default 2): most registered taxpayers do not sell online. */
  registryRatio?: number;
  /** Share of small sellers who are registered anyway (default 0.6). */
  smallRegisteredShare?: number;
  mix?: Partial<BehaviourMix>;
  /** Upper bound of stand-alone e-invoice XML files (default 300; one extra TDiep batch file). */
  maxInvoiceXmlFiles?: number;
  /** Approximate number of deliberately invalid extra rows (default 60). */
  badRows?: number;
  onProgress?: (p: Progress) => void;
}

export interface ResolvedOptions {
  sellers: number;
  seed: number;
  outDir: string;
  registrySize: number;
  smallRegisteredShare: number;
  mix: BehaviourMix;
  maxInvoiceXmlFiles: number;
  badRows: number;
  asOf: string;
  onProgress?: (p: Progress) => void;
}

export function resolveOptions(o: WorldOptions): ResolvedOptions {
  const problems: string[] = [];
  if (!Number.isInteger(o.sellers) || o.sellers < 1) problems.push('sellers must be a positive integer');
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) problems.push('seed must be an integer in [0, 2^32)');
  if (!o.outDir) problems.push('outDir is required');
  const ratio = o.registryRatio ?? 2;
  if (!(ratio >= 0)) problems.push('registryRatio must be ≥ 0');
  const mix = { ...DEFAULT_MIX, ...(o.mix ?? {}) };
  for (const [k, v] of Object.entries(mix)) if (!(v >= 0)) problems.push(`mix.${k} must be ≥ 0`);
  if (Object.values(mix).reduce((s, v) => s + v, 0) <= 0) problems.push('mix must have a positive weight');
  const registrySize = Math.round(ratio * o.sellers);
  // Serials: one per seller and filler, plus as many again for people's retired second codes.
  if (2 * (o.sellers + registrySize) > IdFactory.MAX_SERIAL) problems.push(`sellers + registry must stay below ${Math.floor(IdFactory.MAX_SERIAL / 2)}`);
  if (problems.length) throw new Error(`invalid world options: ${problems.join('; ')}`);
  return {
    sellers: o.sellers,
    seed: o.seed,
    outDir: o.outDir,
    registrySize,
    smallRegisteredShare: o.smallRegisteredShare ?? 0.6,
    mix,
    maxInvoiceXmlFiles: o.maxInvoiceXmlFiles ?? 300,
    badRows: o.badRows ?? 60,
    asOf: DEFAULT_AS_OF,
    onProgress: o.onProgress,
  };
}
