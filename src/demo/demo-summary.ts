import { getJson, PushResult, WorldTokens } from './world-pipeline';
import { FlagScore, LinkScore } from './world-truth';

/** The numbers the demo prints, read back through the public API as an officer would see them. */
export interface DemoFigures {
  links: Record<string, number>;
  flags: Array<Record<string, unknown>>;
  topCases: Array<Record<string, any>>;
  selfDeclaration: Array<Record<string, any>>;
}

export async function readFigures(baseUrl: string, tokens: WorldTokens, taxYears: number[]): Promise<DemoFigures> {
  const links = await getJson<Array<{ band: string }>>(baseUrl, '/v1/links?format=json', tokens.officer);
  const bands: Record<string, number> = {};
  for (const link of links) bands[link.band] = (bands[link.band] ?? 0) + 1;
  const flags = (await Promise.all(taxYears.map((year) => getJson<Array<Record<string, unknown>>>(baseUrl, `/v1/flags?taxYear=${year}&format=json`, tokens.officer)))).flat();
  const cases = await getJson<{ items: Array<Record<string, any>> }>(baseUrl, '/v1/cases?sort=estimate&limit=10', tokens.officer);
  const stats = await getJson<{ rows: Array<Record<string, any>> }>(baseUrl, `/v1/stats/self-declaration?period=${taxYears.join(',')}`, tokens.officer);
  return { links: bands, flags, topCases: cases.items, selfDeclaration: stats.rows };
}

export function printSummary(
  say: (line: string) => void,
  input: { pushes: PushResult[]; figures: DemoFigures; linkScore: LinkScore; flagScore: FlagScore; seconds: number },
): void {
  const { pushes, figures, linkScore, flagScore } = input;
  const rows = (f: (p: PushResult) => number) => pushes.reduce((sum, p) => sum + f(p), 0);
  const byKind = new Map<string, number>();
  for (const p of pushes) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
  say('');
  say('══ summary ══════════════════════════════════════════════════════════════════════');
  say(`batches   ${pushes.length} (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}); ${pushes.filter((p) => p.state !== 'done').length} not done`);
  say(`rows      ${fmt(rows((p) => p.rowsAccepted + p.rowsRejected))} received, ${fmt(rows((p) => p.rowsAccepted))} accepted, ${fmt(rows((p) => p.rowsRejected))} rejected with a row error`);
  say(`links     ${Object.entries(figures.links).sort().map(([band, n]) => `${band} ${fmt(n)}`).join(', ')}`);
  const bySignal = new Map<string, number>();
  for (const flag of figures.flags) bySignal.set(String(flag.signal), (bySignal.get(String(flag.signal)) ?? 0) + 1);
  say(`flags     ${[...bySignal].sort().map(([s, n]) => `${s} ${fmt(n)}`).join(', ')}`);
  say('');
  say('top 10 cases by estimated tax at risk');
  say(`  ${'tax year'.padEnd(9)}${'estimate (VND)'.padStart(16)}  ${'signals'.padEnd(40)} ${'link'.padEnd(8)} case`);
  for (const c of figures.topCases) {
    const signals = (c.signalCodes ?? c.signals ?? []).join(', ');
    say(`  ${String(c.taxYear).padEnd(9)}${fmt(BigInt(c.estimatedTaxAtRisk ?? c.estimate ?? 0)).padStart(16)}  ${signals.slice(0, 40).padEnd(40)} ${String(c.linkBand ?? '').padEnd(8)} ${c.id}`);
  }
  say('');
  say('self-declaration (sellers with platform revenue who declared or were withheld for the period)');
  for (const row of figures.selfDeclaration) {
    const rate = row.rates?.covered ?? row.rates?.selfDeclaration ?? null;
    say(`  ${String(row.period).padEnd(8)} ${fmt(Number(row.counts?.sellers ?? 0)).padStart(7)} sellers, ${percent(rate)} declaring or withheld, ${percent(row.rates?.fullySelfDeclared ?? null)} fully self-declared`);
  }
  say('');
  say('accuracy against the generated truth');
  say(`  links: precision ${percent(linkScore.precision)}, recall ${percent(linkScore.recall)} over ${fmt(linkScore.sellers)} shops (${fmt(linkScore.inReview)} waiting on officer review)`);
  say(`  flags: precision ${percent(flagScore.overall.precision)}, recall ${percent(flagScore.overall.recall)} (${fmt(flagScore.overall.tp)} right, ${fmt(flagScore.overall.fp)} wrong, ${fmt(flagScore.overall.fn)} missed)`);
  for (const s of flagScore.bySignal) say(`    ${s.signal.padEnd(24)} precision ${percent(s.precision)}  recall ${percent(s.recall)}  (${s.tp}/${s.tp + s.fn})`);
  say(`done in ${input.seconds.toFixed(0)} s`);
}

function fmt(value: number | bigint): string {
  return value.toLocaleString('en-US');
}

function percent(value: number | string | null): string {
  if (value === null || value === undefined) return '—';
  return `${(Number(value) * 100).toFixed(1)} %`;
}
