import { cpus, totalmem } from 'node:os';

/** What every benchmark prints first: the machine it measured on. */
export function machineLine(): string {
  const cores = cpus();
  return `machine: ${cores.length} cores (${cores[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}`;
}
