import { AppConfig } from '../config/app-config';
import { DemoFigures, readFigures } from './demo-summary';
import type { Manifest } from './generator/world-files';
import { issueWorldTokens, pushFile, PushResult, readManifest, waitUntilSettled, WorldTokens } from './world-pipeline';
import { entityPersons, FlagScore, LinkScore, readTruthCsv, scoreFlags, scoreLinks, serviceSellers } from './world-truth';

export const DEMO_TAX_YEARS = [2025, 2026];

export interface PipelineOutcome {
  manifest: Manifest;
  tokens: WorldTokens;
  pushes: PushResult[];
  figures: DemoFigures;
  linkScore: LinkScore;
  flagScore: FlagScore;
  settledAfterMs: number;
}

/**
 * The demo's main job, shared with `eval:flags` and the end-to-end test: push a generated world through the
 * public API (the service at `baseUrl` runs on `config`'s database), wait until every stage has settled, read
 * the results back as an officer, and score them against the world's truth.
 */
export async function runWorldThroughService(input: {
  config: AppConfig;
  baseUrl: string;
  worldDir: string;
  runKey: string;
  sweeperMs: number;
  say: (line: string) => void;
}): Promise<PipelineOutcome> {
  const { config, baseUrl, worldDir, say } = input;
  const started = Date.now();
  const manifest = readManifest(worldDir);
  const tokens = await issueWorldTokens(config, manifest, input.runKey);

  say(`     pushing ${manifest.files.length} files through POST /v1/batches`);
  const pushes: PushResult[] = [];
  for (const file of manifest.files) {
    const result = await pushFile(baseUrl, worldDir, file, tokens, input.runKey);
    pushes.push(result);
    const counts = `${String(result.rowsAccepted).padStart(8)} accepted ${String(result.rowsRejected).padStart(4)} rejected`;
    say(`     ${file.path.padEnd(52)} ${result.state.padEnd(8)} ${counts}${result.error ? `  ${result.error}` : ''}`);
  }

  say('     waiting for intake → matching → reconciliation → statistics to settle');
  let lastBusy = 0;
  await waitUntilSettled(baseUrl, tokens.admin, {
    sweeperMs: input.sweeperMs,
    timeoutMs: 30 * 60_000,
    onBusy: (queues) => {
      if (Date.now() - lastBusy < 5000) return;
      lastBusy = Date.now();
      say(`     busy: ${queues}`);
    },
  });
  const settledAfterMs = Date.now() - started;

  const finalPushes = await Promise.all(pushes.map((push) => refreshState(baseUrl, push, tokens.admin)));
  const figures = await readFigures(baseUrl, tokens, DEMO_TAX_YEARS);
  const sellers = await serviceSellers(config.database.url, worldDir);
  const linkScore = await scoreLinks(config.database.url, worldDir, sellers, config.secrets.piiIndexKey);
  const flagScore = scoreFlags(figures.flags, entityPersons(sellers), readTruthCsv(worldDir, 'flags.csv'), DEMO_TAX_YEARS);
  return { manifest, tokens, pushes: finalPushes, figures, linkScore, flagScore, settledAfterMs };
}

async function refreshState(baseUrl: string, push: PushResult, token: string): Promise<PushResult> {
  if (!push.batchId) return push;
  const response = await fetch(`${baseUrl}/v1/batches/${push.batchId}`, { headers: { Authorization: `Bearer ${token}` } });
  return response.ok ? { ...push, state: ((await response.json()) as { state: string }).state } : push;
}
