import { randomBytes, randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { BatchFormat, BatchEntity } from '../../src/intake/batch.entity';
import { BatchKindHandler, MergeResult } from '../../src/intake/batch-kind';
import { createStagingSql, quoteIdent, stagingTableName } from '../../src/intake/staging';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Runs an authority kind's merge() the way the intake pipeline does (one transaction on a raw pg client, a
 * staging table of text columns filled by COPY), without the HTTP door: the tests of the kinds' set-based
 * rules. Not a spec file.
 */
export class AuthorityMergeHarness {
  readonly encryptionKey = Buffer.alloc(32, 3);
  readonly indexKey = Buffer.alloc(32, 5);
  today = '2026-06-15';

  private constructor(
    readonly db: TestDatabase,
    readonly pool: Pool,
    private readonly credentialId: string,
  ) {}

  static async create(): Promise<AuthorityMergeHarness> {
    const db = await createTestDatabase();
    const pool = new Pool({ connectionString: db.url, max: 3 });
    const { rows } = await pool.query(
      `WITH u AS (INSERT INTO users (name, role) VALUES ('authority-feed', 'authority') RETURNING id)
       INSERT INTO credentials (key_prefix, key_hash, role, user_id) SELECT $1, $2, 'authority', id FROM u RETURNING id`,
      [randomBytes(6).toString('hex'), randomBytes(32)],
    );
    return new AuthorityMergeHarness(db, pool, rows[0].id);
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.db.drop();
  }

  async query<R = any>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query(sql, params)).rows as R[];
  }

  /** A batch row plus its staging table holding `records` (only `columns` are staged, as a CSV header would). */
  async stage(
    handler: BatchKindHandler,
    records: ReadonlyArray<Record<string, string | null>>,
    columns: readonly string[] = handler.columns,
    format: BatchFormat = 'csv',
  ): Promise<BatchEntity> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO batches (id, scope, submitted_by, kind, format, idempotency_key, content_sha256, byte_size, rows_total, state)
       VALUES ($1::uuid, 'authority', $2, $3, $4, $1::text, 'test', 0, $5, 'parsing')`,
      [id, this.credentialId, handler.kind, format, records.length],
    );
    const client = await this.pool.connect();
    try {
      const table = stagingTableName(id);
      await client.query(createStagingSql(table, columns));
      const csv = records.map((r) => columns.map((c) => csvField(r[c])).join(',') + '\n').join('');
      await pipeline(Readable.from([Buffer.from(csv)]), client.query(copyFrom(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM STDIN (FORMAT csv)`)));
    } finally {
      client.release();
    }
    return Object.assign(new BatchEntity(), { id, kind: handler.kind, format, scope: 'authority', mode: 'supplementary', rowsTotal: records.length });
  }

  /** merge() inside one transaction, as BatchMergeService runs it. */
  async merge(handler: BatchKindHandler, batch: BatchEntity): Promise<MergeResult> {
    return this.inTransaction((client) =>
      handler.merge({
        batch,
        client,
        stagingTable: stagingTableName(batch.id),
        today: this.today,
        piiEncryptionKey: this.encryptionKey,
        piiIndexKey: this.indexKey,
      }),
    );
  }

  async ingest(handler: BatchKindHandler, records: ReadonlyArray<Record<string, string | null>>, columns?: readonly string[]) {
    const batch = await this.stage(handler, records, columns);
    const result = await this.merge(handler, batch);
    return { batch, result };
  }

  async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL work_mem = '64MB'`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** `row:field:code:severity` for every batch_errors row of the batch, in row order. */
  async errors(batchId: string): Promise<string[]> {
    const rows = await this.query(
      `SELECT row_number, field, code, severity FROM batch_errors WHERE batch_id = $1 ORDER BY row_number, field, code`,
      [batchId],
    );
    return rows.map((r) => `${r.row_number}:${r.field ?? ''}:${r.code}:${r.severity}`);
  }

  /** Counts of the tables a merge writes, to prove a repeated merge changes nothing. */
  async snapshot(tables: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await this.query(`SELECT count(*) AS n FROM ${t}`))[0].n);
    return out;
  }
}

function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `"${value.replace(/"/g, '""')}"`;
}

/** A valid 10-digit tax code from a 9-digit prefix (digits 3–9 not all zero), or null when the prefix can have none. */
export function taxCode(prefix: string): string | null {
  const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(prefix[i]), 0);
  const digit = 10 - (sum % 11);
  return digit === 10 ? null : prefix + digit;
}

/** The n-th valid 10-digit tax code after a base prefix: distinct codes for fixtures. */
export function nthTaxCode(n: number, base = 310000000): string {
  for (let p = base + n * 7; ; p++) {
    const code = taxCode(String(p).padStart(9, '0'));
    if (code) return code;
  }
}
