import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWorldThroughService } from '../../src/demo/demo-pipeline';
import { generateWorld } from '../../src/demo/generator/generate-world';
import { TestEnv } from '../support/test-env';

/** `npm run demo`'s main job on a small world: every file through the public API, every stage, scored against the truth. */
describe('the demo pipeline on a small world', () => {
  let env: TestEnv;
  let worldDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    worldDir = mkdtempSync(join(tmpdir(), 'ect-demo-test-'));
    await generateWorld({ sellers: 250, seed: 99, outDir: worldDir, maxInvoiceXmlFiles: 3 });
    env = await TestEnv.create({ worker: true });
    const server = (await env.api!.listen(0, '127.0.0.1')) as Server;
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await env.close();
    rmSync(worldDir, { recursive: true, force: true });
  });

  it('lands every batch, links and flags what the truth says, and reads back cases and self-declaration figures', async () => {
    const outcome = await runWorldThroughService({ config: env.config, baseUrl, worldDir, runKey: 'demo-test', sweeperMs: 1000, say: () => undefined });

    expect(outcome.pushes.filter((push) => push.state !== 'done')).toEqual([]);
    expect(outcome.pushes.reduce((sum, push) => sum + push.rowsRejected, 0)).toBeGreaterThan(0); // the world carries bad rows on purpose
    expect(Object.keys(outcome.figures.links).sort()).toEqual(expect.arrayContaining(['auto', 'none']));

    expect(outcome.linkScore.precision).toBeGreaterThanOrEqual(0.95);
    expect(outcome.linkScore.recall).toBeGreaterThanOrEqual(0.9);
    expect(outcome.flagScore.overall.precision).toBeGreaterThanOrEqual(0.9);
    expect(outcome.flagScore.overall.recall).toBeGreaterThanOrEqual(0.9);

    const estimates = outcome.figures.topCases.map((c) => BigInt(c.estimatedTaxAtRisk));
    expect(estimates.length).toBeGreaterThan(0);
    expect([...estimates].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(estimates);
    expect(outcome.figures.selfDeclaration.map((row) => row.period).sort()).toEqual(['2025', '2026']);
  }, 240_000);
});
