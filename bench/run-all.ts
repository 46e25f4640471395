import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { machineLine } from './machine';
import { BENCH_RESULT_PREFIX, BenchFigure } from './result';

/**
 * `npm run bench`: every bench:* script at a size that fits ten minutes on this machine, one table with each
 * figure beside its physical floor, and bench/results.json. The full-size runs are the scripts themselves
 * (`npm run bench:ingest`, …); their sizes are in each script's header.
 */
interface Step {
  bench: string;
  script: string;
  args: string[];
  env?: Record<string, string>;
}

const STEPS: Step[] = [
  { bench: 'ingest', script: 'ingest.js', args: ['--rows', '300000'] },
  { bench: 'invoices', script: 'invoices.js', args: ['--lines', '2000000'] },
  { bench: 'match', script: 'match-bench.js', args: ['--persons', '25000', '--registry', '2.6'] },
  { bench: 'api', script: 'api.js', args: ['--cases', '300000', '--seconds', '15'] },
  { bench: 'stats', script: 'stats.js', args: ['--entities', '100000', '--requests', '20'] },
  { bench: 'audit', script: 'audit-append.js', args: [], env: { AUDIT_BENCH_ROWS: '50000' } },
];

interface Collected {
  bench: string;
  size: string;
  cores: number;
  loadAverage: number[];
  figures: BenchFigure[];
  seconds: number;
  exitCode: number | null;
}

async function runStep(step: Step): Promise<Collected[]> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(__dirname, step.script), ...step.args], { env: { ...process.env, ...step.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const results: Collected[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(BENCH_RESULT_PREFIX)) results.push({ ...JSON.parse(line.slice(BENCH_RESULT_PREFIX.length)), seconds: 0, exitCode: null });
      else process.stdout.write(`  │ ${line}\n`);
    }
  });
  const exitCode: number | null = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const seconds = (Date.now() - started) / 1000;
  if (results.length === 0) results.push({ bench: step.bench, size: step.args.join(' '), cores: cpus().length, loadAverage: loadavg(), figures: [], seconds, exitCode });
  return results.map((r) => ({ ...r, seconds, exitCode }));
}

function formatValue(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

function table(collected: Collected[]): string[] {
  const header = ['bench', 'size', 'figure', 'measured', 'physical floor', 'ratio', 'goal'];
  const rows: string[][] = [];
  for (const result of collected) {
    if (result.figures.length === 0) rows.push([result.bench, result.size, `FAILED (exit ${result.exitCode})`, '', '', '', '']);
    for (const figure of result.figures) {
      rows.push([
        result.bench,
        result.size,
        figure.name,
        formatValue(figure.value, figure.unit),
        figure.floor ? `${formatValue(figure.floor.value, figure.floor.unit)} (${figure.floor.name})` : '',
        figure.ratio !== undefined ? figure.ratio.toFixed(2) : '',
        figure.goal ? `${figure.goal}: ${figure.met === undefined ? 'judged at full size' : figure.met ? 'met' : 'NOT met'}` : '',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

async function main(): Promise<number> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const steps = only.length ? STEPS.filter((s) => only.includes(s.bench)) : STEPS;
  const started = Date.now();
  console.log(machineLine());
  const collected: Collected[] = [];
  for (const step of steps) {
    console.log(`\n▶ bench:${step.bench} ${step.args.join(' ')}`);
    collected.push(...(await runStep(step)));
  }
  const seconds = (Date.now() - started) / 1000;
  console.log('');
  for (const line of table(collected)) console.log(line);
  console.log(`\n${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; total ${(seconds / 60).toFixed(1)} min; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const out = join(__dirname, '..', '..', 'bench', 'results.json');
  writeFileSync(out, `${JSON.stringify({ machine: machineLine(), cores: cpus().length, startedAt: new Date(started).toISOString(), seconds, results: collected }, null, 2)}\n`);
  console.log(`written: bench/results.json`);
  return collected.every((c) => c.exitCode === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
