import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One canary job: when it was asked for, started (and how often), finished. */
@Entity('ops_probes')
export class OpsProbeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('integer', { name: 'duration_ms' })
  durationMs: number;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('integer', { default: 0 })
  runs: number;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}
