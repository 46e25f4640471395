import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { Principal } from '../auth/principal';
import { NotFoundError } from '../common/domain-error';
import { SqlService } from '../database/sql.service';
import { BatchErrorDto, BatchErrorsDto, BatchStatusDto, ListBatchesQueryDto } from './batch.dto';

const STEPS = ['received', 'parsing', 'loaded', 'matching', 'done'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT_BATCH = `
  SELECT b.*, p.code AS platform_code FROM batches b LEFT JOIN platforms p ON p.id = b.platform_id`;

/** Reads batches as their caller may see them: a platform its own, the authority its own, officers/auditors/admins all. */
@Injectable()
export class BatchQueryService {
  constructor(private readonly sql: SqlService) {}

  async list(principal: Principal, query: ListBatchesQueryDto): Promise<{ batches: BatchStatusDto[]; limit: number; offset: number }> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [where, params] = this.scope(principal);
    if (query.state) params.push(query.state);
    const stateClause = query.state ? ` AND b.state = $${params.length}` : '';
    if (query.kind) params.push(query.kind);
    const kindClause = query.kind ? ` AND b.kind = $${params.length}` : '';
    const rows = await this.sql.query(
      `${SELECT_BATCH} WHERE ${where}${stateClause}${kindClause} ORDER BY b.created_at DESC, b.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { batches: rows.map(toStatus), limit, offset };
  }

  async get(principal: Principal, id: string): Promise<BatchStatusDto> {
    return toStatus(await this.visible(principal, id));
  }

  async errors(principal: Principal, id: string, limit: number, offset: number): Promise<BatchErrorsDto> {
    await this.visible(principal, id);
    const [rows, total] = await Promise.all([
      this.sql.query<BatchErrorDto>(
        `SELECT row_number::int AS row, field, code, severity, message FROM batch_errors
          WHERE batch_id = $1 ORDER BY row_number, id LIMIT ${limit} OFFSET ${offset}`,
        [id],
      ),
      this.sql.query<{ count: string }>(`SELECT count(*) FROM batch_errors WHERE batch_id = $1`, [id]),
    ]);
    return { batchId: id, total: Number(total[0].count), limit, offset, errors: rows };
  }

  /** Streams every error of the batch as CSV straight from PostgreSQL (a batch can have millions). */
  async errorsCsv(principal: Principal, id: string, open: () => Writable): Promise<void> {
    await this.visible(principal, id);
    const out = open();
    await this.sql.withClient(async (client) => {
      // The id is a checked UUID (visible() found it), so it is safe to inline: COPY takes no parameters.
      const stream = client.query(copyTo(
        `COPY (SELECT row_number AS row, field, code, severity, message FROM batch_errors
                WHERE batch_id = '${id}' ORDER BY row_number, id) TO STDOUT (FORMAT csv, HEADER)`,
      ));
      await pipeline(stream, out);
    });
  }

  private async visible(principal: Principal, id: string): Promise<Record<string, any>> {
    if (!UUID.test(id)) throw notFound();
    const [where, params] = this.scope(principal);
    params.push(id.toLowerCase());
    const rows = await this.sql.query(`${SELECT_BATCH} WHERE ${where} AND b.id = $${params.length}`, params);
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  private scope(principal: Principal): [string, unknown[]] {
    if (principal.role === 'platform') return ['b.platform_id = $1', [principal.platformId]];
    if (principal.role === 'authority') return [`b.scope = 'authority'`, []];
    return ['true', []];
  }
}

function notFound(): NotFoundError {
  return new NotFoundError('BATCH_NOT_FOUND', 'no such batch');
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function toStatus(row: Record<string, any>): BatchStatusDto {
  const step = row.state === 'failed' ? STEPS.indexOf(row.loaded_at ? 'loaded' : 'received') : STEPS.indexOf(row.state);
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    mode: row.mode,
    state: row.state,
    platformCode: row.platform_code ?? null,
    idempotencyKey: row.idempotency_key,
    byteSize: String(row.byte_size),
    counts: { rows: row.rows_total, accepted: row.rows_accepted, rejected: row.rows_rejected, warned: row.rows_warned },
    progress: { step, of: STEPS.length - 1, fraction: Math.round((step / (STEPS.length - 1)) * 100) / 100 },
    errorCode: row.error_code,
    errorMessage: row.error_message,
    errorsUrl: `/v1/batches/${row.id}/errors`,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    parsingStartedAt: iso(row.parsing_started_at),
    loadedAt: iso(row.loaded_at),
    doneAt: iso(row.done_at),
    failedAt: iso(row.failed_at),
  };
}
