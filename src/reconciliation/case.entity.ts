import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CaseStatus } from './signal-codes';

/**
 * One case per seller entity and tax year, proposed by reconciliation (src/reconciliation) and worked by officers
 * (issue 7: transitions, assignment, letters). Reconciliation writes the evidence fields set-based; officers change
 * status and assignment through this entity. `closed_estimate` is kept by a trigger whenever a case is closed.
 */
@Entity('cases')
@Index('cases_entity_year_key', ['entityId', 'taxYear'], { unique: true })
@Index('cases_queue_idx', ['status', 'estimatedTaxAtRisk', 'linkConfidence', 'id'])
@Index('cases_assigned_to_idx', ['assignedTo'])
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'entity_id' })
  entityId: string;

  @Column('integer', { name: 'tax_year' })
  taxYear: number;

  @Column('text', { default: 'open' })
  status: CaseStatus;

  /** Whole VND (string: bigint). The largest revenue-signal estimate plus what a platform failed to withhold. */
  @Column('bigint', { name: 'estimated_tax_at_risk', default: 0 })
  estimatedTaxAtRisk: string;

  /** 0–1: confidence in the registration status the case relies on (see src/reconciliation/README.md). */
  @Column('numeric', { name: 'link_confidence', precision: 7, scale: 6, nullable: true })
  linkConfidence: string | null;

  @Column('text', { name: 'link_band' })
  linkBand: string;

  @Column('bigint', { name: 'taxpayer_id', nullable: true })
  taxpayerId: string | null;

  @Column('text', { name: 'signal_codes', array: true, default: () => "'{}'" })
  signalCodes: string[];

  /** 'link_review' while the entity's best registry candidate waits on an officer's review. */
  @Column('text', { name: 'waiting_on', nullable: true })
  waitingOn: string | null;

  @Column('integer', { name: 'rule_version' })
  ruleVersion: number;

  @Column('bigint', { name: 'closed_estimate', nullable: true })
  closedEstimate: string | null;

  @Column('integer', { name: 'reopen_count', default: 0 })
  reopenCount: number;

  @Column('uuid', { name: 'assigned_to', nullable: true })
  assignedTo: string | null;

  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'evidence_updated_at', default: () => 'now()' })
  evidenceUpdatedAt: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
