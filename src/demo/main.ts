import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../cli/migrate.command';
import { loadConfig, loadConfigOrExit } from '../config/load-config';
import { runWorldThroughService } from './demo-pipeline';
import { demoDatabaseUrl, DemoStack, recreateDatabase, waitForHealth } from './demo-stack';
import { printSummary } from './demo-summary';
import { generateWorld } from './generator/generate-world';
import { deleteQueueKeys } from './queue-reset';

/**
 * `npm run demo [-- --exit] [--sellers 20000] [--seed 20261123]`: a fresh demo database, the API and the worker,
 * a generated Vietnamese world pushed through the public API as the authority and the platforms would, then a
 * summary of what the service found, how it compares with the world's truth, and where to look.
 */
const SWEEPER_MS = 2000;

async function main(argv: string[]): Promise<number> {
  const option = (name: string, fallback: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
  };
  const sellers = Number(option('sellers', '20000'));
  const seed = Number(option('seed', '20261123'));
  const exitAfterSummary = argv.includes('--exit');
  const base = loadConfigOrExit();
  const databaseUrl = demoDatabaseUrl(base);
  const env = {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `${base.redis.queuePrefix}_demo`,
    PORT: String(base.port),
    LOG_LEVEL: 'warn',
    SWEEPER_INTERVAL_MS: String(SWEEPER_MS),
  };
  const config = loadConfig({ ...process.env, ...env });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const worldDir = mkdtempSync(join(tmpdir(), 'ecomtax-demo-world-'));

  say(`1/4  generating a world of ${sellers.toLocaleString('en-US')} online sellers (seed ${seed})`);
  await generateWorld({ sellers, seed, outDir: worldDir, maxInvoiceXmlFiles: 8 });

  say(`2/4  fresh demo database ${new URL(databaseUrl).pathname.slice(1)} and migrations (${elapsed(started)})`);
  await recreateDatabase(databaseUrl);
  await deleteQueueKeys(config.redis.url, config.redis.queuePrefix);
  await migrate(config, () => undefined);

  say(`3/4  starting the API and the worker (${elapsed(started)})`);
  const stack = new DemoStack(env, (line) => process.stderr.write(`${line}\n`));
  stack.start();
  const baseUrl = `http://127.0.0.1:${config.port}`;
  try {
    await waitForHealth(baseUrl);
    say(`4/4  the tax authority and the platforms send their data (${elapsed(started)})`);
    const outcome = await runWorldThroughService({ config, baseUrl, worldDir, runKey: `demo-${seed}`, sweeperMs: SWEEPER_MS, say });
    printSummary(say, { ...outcome, seconds: (Date.now() - started) / 1000 });

    say('');
    say('where to look:');
    say(`  console (officers, auditors, platforms)  ${baseUrl}/console/`);
    say(`  API documentation (OpenAPI)              ${baseUrl}/docs`);
    say(`  queue dashboard (admin)                  ${baseUrl}/queues`);
    say(`  the generated world and its truth files  ${worldDir}${exitAfterSummary ? ' (removed on exit)' : ''}`);
    say('credentials (sign in to the console with one, or send "Authorization: Bearer <credential>"):');
    const { tokens } = outcome;
    for (const role of ['officer', 'auditor', 'admin', 'authority'] as const) say(`  ${role.padEnd(20)} ${tokens[role]}`);
    for (const [code, platform] of tokens.platforms) say(`  ${`platform ${code}`.padEnd(20)} ${platform.token}`);

    if (exitAfterSummary) return 0;
    say('');
    say('serving until Ctrl-C');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    return 0;
  } finally {
    await stack.stop();
    if (exitAfterSummary) rmSync(worldDir, { recursive: true, force: true });
  }
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
