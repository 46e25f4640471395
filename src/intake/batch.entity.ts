import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BATCH_STATES = ['received', 'parsing', 'loaded', 'matching', 'done', 'failed'] as const;
export type BatchState = (typeof BATCH_STATES)[number];
export const BATCH_KINDS = ['sellers', 'revenue', 'dpi', 'taxpayers', 'declarations', 'invoices'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];
export const BATCH_FORMATS = ['csv', 'json', 'ndjson', 'xml'] as const;
export type BatchFormat = (typeof BATCH_FORMATS)[number];

/**
 * One upload from a platform or the authority. Its state is the source of truth for the pipeline;
 * jobs only say "look at batch X", and the sweeper re-enqueues any batch whose state has not moved.
 */
@Entity('batches')
@Index('batches_scope_idempotency_key', ['scope', 'idempotencyKey'], { unique: true })
@Index('batches_platform_created_idx', ['platformId', 'createdAt'])
@Index('batches_unfinished_idx', ['state', 'updatedAt'], { where: `state NOT IN ('done', 'failed')` })
export class BatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `platform:<uuid>` or `authority`: whose Idempotency-Key namespace this batch lives in. */
  @Column('text')
  scope: string;

  @Column('uuid', { name: 'platform_id', nullable: true })
  platformId: string | null;

  @Column('uuid', { name: 'submitted_by' })
  submittedBy: string;

  @Column('text')
  kind: BatchKind;

  @Column('text')
  format: BatchFormat;

  /** `supplementary` supersedes only the sellers the batch contains; `replacement` all of the platform's sellers for its periods. */
  @Column('text', { default: 'supplementary' })
  mode: 'supplementary' | 'replacement';

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey: string;

  @Column('text', { name: 'content_sha256' })
  contentSha256: string;

  @Column('bigint', { name: 'byte_size' })
  byteSize: string;

  @Column('text', { default: 'received' })
  state: BatchState;

  @Column('integer', { name: 'rows_total', default: 0 })
  rowsTotal: number;

  @Column('integer', { name: 'rows_accepted', default: 0 })
  rowsAccepted: number;

  @Column('integer', { name: 'rows_rejected', default: 0 })
  rowsRejected: number;

  /** Accepted rows that carry at least one warning (e.g. an invalid tax code kept as reported). */
  @Column('integer', { name: 'rows_warned', default: 0 })
  rowsWarned: number;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage: string | null;

  @Column('text', { name: 'correlation_id', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'parsing_started_at', nullable: true })
  parsingStartedAt: Date | null;

  @Column('timestamptz', { name: 'loaded_at', nullable: true })
  loadedAt: Date | null;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt: Date | null;
}
