import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only history of a case: who (system or user) did what, when, with a JSON detail. A trigger refuses
 * UPDATE and DELETE. Reconciliation writes proposed / evidence_updated / evidence_cleared / reopened.
 */
@Entity('case_events')
@Index('case_events_case_idx', ['caseId', 'id'])
export class CaseEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  @Column('text', { name: 'actor_kind' })
  actorKind: 'system' | 'user';

  /** 'reconciliation' for the system; the user's id or name for an officer. */
  @Column('text')
  actor: string;

  @Column('text')
  event: string;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: string | null;

  @Column('text', { name: 'to_status', nullable: true })
  toStatus: string | null;

  @Column('jsonb', { default: {} })
  detail: Record<string, unknown>;

  @Column('text', { name: 'run_id', nullable: true })
  runId: string | null;
}
