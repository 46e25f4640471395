import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CredentialService } from '../auth/credential.service';
import { withDataSource } from '../cli/cli-context';
import { AppConfig } from '../config/app-config';
import type { Manifest, ManifestFile } from './generator/world-files';

/**
 * Pushes a generated world through the public API exactly as the authority and the platforms would, then waits
 * for the workers to settle. Shared by `npm run demo`, `npm run eval:flags` and the demo pipeline test.
 */
export interface WorldTokens {
  admin: string;
  authority: string;
  officer: string;
  auditor: string;
  platforms: Map<string, { token: string; platformId: string }>;
}

export async function issueWorldTokens(config: AppConfig, manifest: Manifest, prefix: string): Promise<WorldTokens> {
  return withDataSource(config, async (dataSource) => {
    const credentials = new CredentialService(dataSource, config);
    const platforms = new Map<string, { token: string; platformId: string }>();
    for (const platform of manifest.platforms) {
      const issued = await credentials.createPlatform(platform.name, platform.code);
      platforms.set(platform.code, { token: issued.token, platformId: issued.platform.id });
    }
    const user = async (role: 'admin' | 'authority' | 'officer' | 'auditor') => (await credentials.createUser(`${prefix}-${role}`, role)).token;
    return { admin: await user('admin'), authority: await user('authority'), officer: await user('officer'), auditor: await user('auditor'), platforms };
  });
}

export interface PushResult {
  file: string;
  kind: string;
  batchId?: string;
  status: number;
  state: string;
  rowsAccepted: number;
  rowsRejected: number;
  error?: string;
}

export function tokenFor(file: ManifestFile, tokens: WorldTokens): string {
  return file.source === 'authority' ? tokens.authority : tokens.platforms.get(file.platform!)!.token;
}

/** POSTs one file as a streamed body (never read whole) and waits until its batch has left the intake states. */
export async function pushFile(baseUrl: string, worldDir: string, file: ManifestFile, tokens: WorldTokens, idempotencyPrefix: string): Promise<PushResult> {
  const token = tokenFor(file, tokens);
  const response = await fetch(`${baseUrl}/v1/batches?kind=${file.kind}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': `${file.contentType}; charset=utf-8`,
      'Idempotency-Key': `${idempotencyPrefix}:${file.path}`,
    },
    body: Readable.toWeb(createReadStream(join(worldDir, file.path))) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const accepted = (await response.json()) as { id?: string; code?: string; message?: string };
  if (!accepted.id) {
    return { file: file.path, kind: file.kind, status: response.status, state: 'refused', rowsAccepted: 0, rowsRejected: 0, error: `${accepted.code}: ${accepted.message}` };
  }
  for (;;) {
    const batch = await getJson<{ state: string; counts?: { accepted: number; rejected: number }; errorCode?: string }>(baseUrl, `/v1/batches/${accepted.id}`, token);
    if (['loaded', 'matching', 'done', 'failed'].includes(batch.state)) {
      return {
        file: file.path,
        kind: file.kind,
        batchId: accepted.id,
        status: response.status,
        state: batch.state,
        rowsAccepted: batch.counts?.accepted ?? 0,
        rowsRejected: batch.counts?.rejected ?? 0,
        error: batch.errorCode ?? undefined,
      };
    }
    await sleep(200);
  }
}

/**
 * Settled: /v1/status says idle (no waiting, active or delayed job and no unfinished batch) several times in a
 * row, spaced wider than the sweeper interval, so work the sweeper enqueues between two checks is seen.
 */
export async function waitUntilSettled(
  baseUrl: string,
  token: string,
  options: { sweeperMs: number; timeoutMs: number; onBusy?: (queues: string) => void },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let quietChecks = 0;
  while (quietChecks < 3) {
    if (Date.now() > deadline) throw new Error(`the pipeline did not settle within ${options.timeoutMs / 1000} s`);
    await sleep(quietChecks === 0 ? 1000 : Math.max(1000, options.sweeperMs + 250));
    const status = await getJson<{ idle: boolean; queues: Array<{ name: string; waiting: number; active: number; delayed: number }> }>(baseUrl, '/v1/status', token);
    quietChecks = status.idle ? quietChecks + 1 : 0;
    if (!status.idle) {
      const busy = status.queues.filter((q) => q.waiting + q.active + q.delayed > 0).map((q) => `${q.name} ${q.active} active, ${q.waiting + q.delayed} waiting`);
      options.onBusy?.(busy.join('; ') || 'batches finishing');
    }
  }
}

export async function getJson<T>(baseUrl: string, path: string, token: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

export function readManifest(worldDir: string): Manifest {
  return JSON.parse(readFileSync(join(worldDir, 'manifest.json'), 'utf8')) as Manifest;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
