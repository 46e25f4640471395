import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Principal } from '../auth/principal';
import { ConflictError, DomainError, ForbiddenError } from '../common/domain-error';
import { RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqlService } from '../database/sql.service';
import { JobQueueService } from '../jobs/job-queue.service';
import { BatchFormat, BatchKind } from './batch.entity';
import { BatchKindHandler } from './batch-kind';
import { BatchKindRegistry, formatsOf } from './batch-kind.registry';
import { stageUpload } from './batch-upload';
import { IntakeStructuralError } from './intake-structural.error';
import { BodyMeter, tooLarge } from './readers/body-meter';
import { stagingTableName } from './staging';

export interface ReceivedBatch {
  id: string;
  state: string;
  /** True when the Idempotency-Key named a batch already received with the same content. */
  replayed: boolean;
}

interface Upload {
  handler: BatchKindHandler;
  kind: BatchKind;
  format: BatchFormat;
  mode: 'supplementary' | 'replacement';
  scope: string;
  key: string;
}

const CONTENT_TYPES: Record<string, BatchFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

/**
 * The batch door: checks the request, streams the body into a staging table and records the batch in ONE
 * transaction, and only after it commits tells the workers. A structural problem anywhere in the body rolls
 * everything back. Idempotency is decided by the unique (scope, idempotency_key) index, not by a prior read.
 */
@Injectable()
export class BatchIntakeService {
  private readonly logger = new Logger(BatchIntakeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlService,
    private readonly kinds: BatchKindRegistry,
    private readonly jobs: JobQueueService,
  ) {}

  async receive(principal: Principal, kindParam: string | undefined, headers: IncomingHttpHeaders, body: AsyncIterable<Buffer>): Promise<ReceivedBatch> {
    const upload = this.describe(principal, kindParam, headers);
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.intake.maxBatchBytes) throw tooLarge(this.config.intake.maxBatchBytes);
    const meter = new BodyMeter(this.config.intake.maxBatchBytes);

    const earlier = await this.existing(upload);
    if (earlier) {
      await meter.drain(body);
      return this.replay(earlier, meter.digest());
    }

    const id = randomUUID();
    const inserted = await this.stageAndRecord(id, upload, principal, meter, body);
    if (!inserted) {
      // A concurrent request with the same key committed first: the unique index decided.
      return this.replay((await this.existing(upload))!, meter.digest());
    }
    try {
      await this.jobs.enqueue('intake.process-batch', { batchId: id }, id);
    } catch (error) {
      // The batch is committed; the sweeper enqueues it once Redis is back.
      this.logger.warn({ err: error, batchId: id }, 'could not enqueue a received batch; the sweeper will');
    }
    return { id, state: 'received', replayed: false };
  }

  private async stageAndRecord(id: string, upload: Upload, principal: Principal, meter: BodyMeter, body: AsyncIterable<Buffer>): Promise<boolean> {
    return this.sql.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const rows = await stageUpload(client, stagingTableName(id), upload.handler, upload.format, meter.meter(body));
        const result = await client.query(
          `INSERT INTO batches (id, scope, platform_id, submitted_by, kind, format, mode, idempotency_key, content_sha256,
                                byte_size, rows_total, correlation_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (scope, idempotency_key) DO NOTHING`,
          [id, upload.scope, principal.platformId ?? null, principal.credentialId, upload.kind, upload.format, upload.mode,
            upload.key, meter.digest(), meter.bytes, rows, RequestContext.correlationId() ?? null],
        );
        if (result.rowCount === 0) {
          await client.query('ROLLBACK');
          return false;
        }
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private async existing(upload: Upload): Promise<{ id: string; state: string; content_sha256: string } | undefined> {
    const rows = await this.sql.query<{ id: string; state: string; content_sha256: string }>(
      `SELECT id, state, content_sha256 FROM batches WHERE scope = $1 AND idempotency_key = $2`,
      [upload.scope, upload.key],
    );
    return rows[0];
  }

  private replay(earlier: { id: string; state: string; content_sha256: string }, sha256: string): ReceivedBatch {
    if (earlier.content_sha256 !== sha256) {
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a batch with different content', { batchId: earlier.id });
    }
    return { id: earlier.id, state: earlier.state, replayed: true };
  }

  /** Everything decidable from the request line and headers, before a byte of the body is read. */
  private describe(principal: Principal, kindParam: string | undefined, headers: IncomingHttpHeaders): Upload {
    const format = formatOf(headers['content-type']);
    let handler = this.kinds.get(kindParam ?? '');
    if (!kindParam || !handler) {
      const known = this.kinds.all().map((k) => k.kind).join(', ');
      throw new DomainError('BATCH_KIND_UNKNOWN', `query parameter kind must be one of: ${known}`, 400);
    }
    // Platform XML is OECD DPI, which carries sellers and their revenue together.
    if (format === 'xml' && handler.source === 'platform') handler = this.kinds.get('dpi') ?? handler;
    const role = handler.source === 'platform' ? 'platform' : 'authority';
    if (principal.role !== role) throw new ForbiddenError('BATCH_KIND_FORBIDDEN', `only the ${role} role may send ${handler.kind} batches`);
    if (!formatsOf(handler).includes(format)) {
      throw new DomainError('UNSUPPORTED_CONTENT_TYPE', `${handler.kind} batches are not accepted as ${format}`, 415);
    }
    const key = headerValue(headers['idempotency-key']);
    if (!key) throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'an Idempotency-Key header is required', 400);
    if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'an Idempotency-Key is 1–200 visible ASCII characters', 400);
    }
    const mode = (headerValue(headers['x-batch-mode']) ?? 'supplementary').toLowerCase();
    if (mode !== 'supplementary' && mode !== 'replacement') {
      throw new DomainError('BATCH_MODE_INVALID', 'X-Batch-Mode is supplementary or replacement', 400);
    }
    const scope = role === 'platform' ? `platform:${principal.platformId}` : 'authority';
    return { handler, kind: handler.kind, format, mode, scope, key };
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one?.trim() || undefined;
}

function formatOf(contentType: string | undefined): BatchFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const format = CONTENT_TYPES[type];
  if (!format) {
    throw new IntakeStructuralError('UNSUPPORTED_CONTENT_TYPE', 'Content-Type must be text/csv, application/json, application/x-ndjson or application/xml', 415);
  }
  const charset = /charset=([^;]+)/i.exec(contentType ?? '')?.[1]?.trim().replace(/"/g, '').toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new IntakeStructuralError('UNSUPPORTED_CHARSET', 'batches are UTF-8', 415);
  }
  return format;
}
