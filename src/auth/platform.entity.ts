import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An e-commerce platform that reports its sellers. Its `code` appears in exports and the data it pushes is scoped by `id`. */
@Entity('platforms')
export class PlatformEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('platforms_code_key', { unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
