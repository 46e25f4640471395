import { cpus, loadavg } from 'node:os';

/**
 * One measured figure beside its physical floor: what the same machine does for the same data with nothing
 * of ours in the way (a raw COPY, a bare query, an unchained insert). `npm run bench` collects these lines.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  floor?: { name: string; value: number; unit: string };
  /** value ÷ floor for throughputs, floor ÷ value for times, so 1.0 means "at the floor". */
  ratio?: number;
  goal?: string;
  met?: boolean;
}

export const BENCH_RESULT_PREFIX = 'BENCH_RESULT ';

export function emitBenchResult(bench: string, size: string, figures: BenchFigure[]): void {
  const line = { bench, size, cores: cpus().length, loadAverage: loadavg().map((l) => Number(l.toFixed(2))), figures };
  process.stdout.write(`${BENCH_RESULT_PREFIX}${JSON.stringify(line)}\n`);
}
