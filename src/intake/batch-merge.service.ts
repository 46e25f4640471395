import { Inject, Injectable, Logger } from '@nestjs/common';
import { PoolClient } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { refreshPlannerStatistics } from '../database/planner-statistics';
import { SqlService } from '../database/sql.service';
import { todayInVietnam } from '../identifiers/vietnam-date';
import { BatchEntity } from './batch.entity';
import { BatchKindRegistry } from './batch-kind.registry';
import { stagingTableName } from './staging';

/**
 * Merges received batches, one scope (a platform, or the authority) at a time and in the order they were
 * received: a later batch must supersede an earlier one, so whichever job runs first merges the earliest
 * pending batch of its scope. Each batch is merged in ONE transaction (validation, batch_errors, observations,
 * current views, counts, dropping the staging table): a crash leaves it untouched and `received`/`parsing`.
 */
@Injectable()
export class BatchMergeService {
  private readonly logger = new Logger(BatchMergeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlService,
    private readonly kinds: BatchKindRegistry,
  ) {}

  /** Marks the batch `parsing` (a short transaction of its own, so status shows it while the merge runs). */
  async markParsing(batchId: string): Promise<void> {
    await this.sql.execute(
      `UPDATE batches SET state = 'parsing', parsing_started_at = coalesce(parsing_started_at, now()), updated_at = now()
        WHERE id = $1 AND state = 'received'`,
      [batchId],
    );
  }

  /** Merges the earliest pending batch of `scope`; returns it (loaded, or failed for good), or null when none is pending. */
  async mergeNext(scope: string): Promise<{ id: string; loaded: boolean } | null> {
    const merged = await this.sql.withRawTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`intake:${scope}`]);
      const { rows } = await client.query(
        `SELECT * FROM batches WHERE scope = $1 AND state IN ('received', 'parsing') ORDER BY created_at, id LIMIT 1 FOR UPDATE`,
        [scope],
      );
      if (!rows[0]) return null;
      const batch = toEntity(rows[0]);
      return { id: batch.id, kind: batch.kind, accepted: await this.mergeOne(client, batch) };
    });
    if (!merged) return null;
    if (merged.accepted) await refreshPlannerStatistics((text, params) => this.sql.query(text, params), this.kinds.get(merged.kind)?.grownTables ?? []);
    return { id: merged.id, loaded: merged.accepted !== null };
  }

  /** Merges one batch; returns its accepted row count, or null when it failed for good. */
  private async mergeOne(client: PoolClient, batch: BatchEntity): Promise<number | null> {
    const started = Date.now();
    const table = stagingTableName(batch.id);
    const handler = this.kinds.get(batch.kind);
    const staged = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
    if (!handler || !staged.rows[0].present) {
      const code = handler ? 'STAGING_LOST' : 'BATCH_KIND_UNAVAILABLE';
      await this.fail(client, batch.id, code, handler ? 'the staged rows were lost; send the batch again with a new Idempotency-Key' : `no handler for kind ${batch.kind}`);
      return null;
    }
    // Hash joins over a whole batch want memory (JIT is off for every connection: see dataSourceOptions).
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await this.largerTempBuffers(client);
    const result = await handler.merge({
      batch,
      client,
      stagingTable: table,
      today: todayInVietnam(),
      piiEncryptionKey: this.config.secrets.piiEncryptionKey,
      piiIndexKey: this.config.secrets.piiIndexKey,
    });
    const warned = result.warned ?? (await this.countWarned(client, batch.id));
    const finishing = Date.now();
    await client.query(
      `UPDATE batches SET state = 'loaded', rows_accepted = $2, rows_rejected = $3, rows_warned = $4,
              parsing_started_at = coalesce(parsing_started_at, now()), loaded_at = clock_timestamp(), updated_at = clock_timestamp()
        WHERE id = $1`,
      [batch.id, result.accepted, result.rejected, warned],
    );
    await client.query(`DROP TABLE ${table}`);
    const timings = { ...result.timings, finish: Date.now() - finishing };
    this.logger.log({ batchId: batch.id, kind: batch.kind, accepted: result.accepted, rejected: result.rejected, warned, timings, ms: Date.now() - started }, 'batch merged');
    return result.accepted;
  }

  /**
   * The merge's temp tables hold a whole batch; with the default 8 MB of temp buffers they churn through the
   * kernel. temp_buffers can only change before a session first touches a temp table, so this is tried under a
   * savepoint and simply skipped on a session that already has (its buffers keep the size they got then).
   */
  private async largerTempBuffers(client: PoolClient): Promise<void> {
    await client.query('SAVEPOINT temp_buffers');
    try {
      await client.query(`SET LOCAL temp_buffers = '256MB'`);
      await client.query('RELEASE SAVEPOINT temp_buffers');
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT temp_buffers');
    }
  }

  private async countWarned(client: PoolClient, batchId: string): Promise<number> {
    const { rows } = await client.query(
      `SELECT count(DISTINCT row_number)::int AS n FROM batch_errors b WHERE batch_id = $1 AND severity = 'warning'
          AND NOT EXISTS (SELECT 1 FROM batch_errors e WHERE e.batch_id = b.batch_id AND e.row_number = b.row_number AND e.severity = 'error')`,
      [batchId],
    );
    return rows[0].n;
  }

  /** Records a batch that can never be processed. Messages are fixed texts: nothing from the rows. */
  async fail(client: PoolClient | null, batchId: string, code: string, message: string): Promise<void> {
    const run = (c: { query: PoolClient['query'] }) =>
      c.query(
        `UPDATE batches SET state = 'failed', error_code = $2, error_message = $3, failed_at = now(), updated_at = now()
          WHERE id = $1 AND state IN ('received', 'parsing')`,
        [batchId, code, message],
      );
    if (client) {
      await run(client);
      await client.query(`DROP TABLE IF EXISTS ${stagingTableName(batchId)}`);
    } else {
      await this.sql.withRawTransaction(async (c) => {
        await run(c);
        await c.query(`DROP TABLE IF EXISTS ${stagingTableName(batchId)}`);
      });
    }
  }
}

function toEntity(row: Record<string, any>): BatchEntity {
  return Object.assign(new BatchEntity(), {
    id: row.id, scope: row.scope, platformId: row.platform_id, submittedBy: row.submitted_by, kind: row.kind, format: row.format,
    mode: row.mode, idempotencyKey: row.idempotency_key, contentSha256: row.content_sha256, byteSize: String(row.byte_size),
    state: row.state, rowsTotal: row.rows_total, rowsAccepted: row.rows_accepted, rowsRejected: row.rows_rejected,
    rowsWarned: row.rows_warned, errorCode: row.error_code, errorMessage: row.error_message, correlationId: row.correlation_id,
    createdAt: row.created_at, updatedAt: row.updated_at, parsingStartedAt: row.parsing_started_at, loadedAt: row.loaded_at,
    doneAt: row.done_at, failedAt: row.failed_at,
  });
}
