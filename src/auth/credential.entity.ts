import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role';

/**
 * A bearer credential. Only a keyed hash of the secret is stored; the clear value is shown once when
 * issued. `key_prefix` is the public, non-secret part used to find the row without scanning.
 */
@Entity('credentials')
export class CredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('credentials_key_prefix_key', { unique: true })
  @Column('text', { name: 'key_prefix' })
  keyPrefix: string;

  @Column('bytea', { name: 'key_hash' })
  keyHash: Buffer;

  @Column('text')
  role: Role;

  @Index('credentials_platform_id_idx')
  @Column('uuid', { name: 'platform_id', nullable: true })
  platformId: string | null;

  @Index('credentials_user_id_idx')
  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
