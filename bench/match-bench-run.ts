import 'reflect-metadata';
import { SqlService } from '../src/database/sql.service';
import { MatchBatchHandler } from '../src/matching/match-batch.handler';
import { benchConfig, matchingContext } from './match-context';

/**
 * Child process of `npm run bench:match`: runs the real matching job for the given batches on the given database
 * and prints one JSON line (elapsed time, peak RSS), so the RSS measured is the matcher's alone.
 * Usage: node dist/bench/match-bench-run.js <databaseUrl> <batchId>...
 */
async function main(): Promise<void> {
  const [url, ...batchIds] = process.argv.slice(2);
  const app = await matchingContext(benchConfig(url));
  try {
    const handler = app.get(MatchBatchHandler);
    const sql = app.get(SqlService);
    const started = Date.now();
    for (const batchId of batchIds) await handler.matchBatch({ batchId });
    const ms = Date.now() - started;
    const runs = await sql.query(`SELECT stats FROM match_runs WHERE batch_id = ANY ($1::uuid[]) AND stats <> '{}'::jsonb`, [batchIds]);
    process.stdout.write(`${JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), runs: runs.map((r) => r.stats) })}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
