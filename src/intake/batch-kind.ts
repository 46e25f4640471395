import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { BatchEntity, BatchFormat, BatchKind } from './batch.entity';

/**
 * What a batch kind (sellers, revenue, dpi, taxpayers, declarations, invoices) plugs into the shared intake
 * pipeline. Intake owns the HTTP door, streaming into staging, idempotency, batch states, row-error storage and
 * the sweeper; a kind owns its columns, its XML reader if any, and its set-based validate-and-merge.
 *
 * Register a kind by decorating a provider class with @IntakeKind(); intake discovers it at boot.
 */
export interface BatchKindHandler {
  readonly kind: BatchKind;
  /** Who may send it: platform kinds are scoped to the sending platform; authority kinds to the authority. */
  readonly source: 'platform' | 'authority';
  /** Canonical column names (CSV headers / JSON fields), in staging order. */
  readonly columns: readonly string[];
  /** Columns that must be present in a CSV header (else the whole batch is refused). */
  readonly requiredColumns: readonly string[];
  /**
   * Tables a merge can change by a large share, which later stages join against: re-analyzed after the merge
   * when a tenth of their rows changed (src/database/planner-statistics.ts).
   */
  readonly grownTables?: readonly string[];
  /**
   * Body formats the kind accepts. Default: csv, json and ndjson, plus xml when `readXml` exists.
   * (Platform XML is always OECD DPI and is staged as the `dpi` kind, whatever `kind` the request named.)
   */
  readonly formats?: readonly BatchFormat[];
  /**
   * For kinds that arrive as XML: turns the request body into canonical records, streaming, refusing DTDs and
   * entity declarations. Throw an IntakeStructuralError for a document that is not of this kind.
   */
  readXml?(body: Readable): AsyncIterable<Record<string, string | null>>;
  /**
   * Validates the staged rows of `batch` and merges the good ones into the kind's tables, set-based, inside the
   * caller's transaction on `client`. Writes one `batch_errors` row per (row, field, code). Must be idempotent
   * with respect to the batch (running it twice for the same batch writes nothing new).
   */
  merge(context: MergeContext): Promise<MergeResult>;
}

export interface MergeContext {
  batch: BatchEntity;
  client: PoolClient;
  /** Schema-qualified name of the batch's staging table: `row_number bigint` plus one text column per canonical column. */
  stagingTable: string;
  /** Today in Vietnam, `YYYY-MM-DD`: periods after it are refused. */
  today: string;
  /** Keys for personal identifiers, to bind as parameters of set-based SQL (see src/pii/pii-crypto.ts piiSql). */
  piiEncryptionKey: Buffer;
  piiIndexKey: Buffer;
}

export interface MergeResult {
  accepted: number;
  rejected: number;
  /** Accepted rows carrying at least one `warning` row in batch_errors (optional; counted by intake if absent). */
  warned?: number;
  /** Milliseconds per merge step, logged with the batch (where the time goes). */
  timings?: Record<string, number>;
}

/**
 * `batch_errors` columns a kind writes: (batch_id, row_number, field, code, message, severity). Row number is
 * the 1-based data record index (the first record after a CSV header is 1; 0 for a batch-level finding).
 * `severity` defaults to 'error' (the row is rejected); 'warning' flags an accepted row. Messages never echo a
 * national ID or phone value.
 */
export type BatchErrorSeverity = 'error' | 'warning';

export const INTAKE_KIND_KEY = 'ect:intake-kind';
