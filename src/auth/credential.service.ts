import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConflictError, DomainError, NotFoundError } from '../common/domain-error';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../database/pg-errors';
import { CredentialEntity } from './credential.entity';
import { hashCredential, newCredential, parseCredential, credentialMatches } from './credential-secret';
import { PlatformEntity } from './platform.entity';
import { Principal } from './principal';
import { isUserRole, UserRole } from './role';
import { UserEntity } from './user.entity';

export interface IssuedCredential {
  /** The clear credential. Returned once; only its hash is stored. */
  token: string;
  credentialId: string;
}

const PLATFORM_CODE = /^[a-z0-9][a-z0-9_-]{1,39}$/;

/** Creates platforms and users with their credentials, and turns a presented credential into a Principal. */
@Injectable()
export class CredentialService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createPlatform(name: string, code = toPlatformCode(name)): Promise<IssuedCredential & { platform: PlatformEntity }> {
    if (!name.trim()) throw new DomainError('PLATFORM_NAME_REQUIRED', 'a platform needs a name');
    if (!PLATFORM_CODE.test(code)) throw new DomainError('PLATFORM_CODE_INVALID', `platform code "${code}" must match ${PLATFORM_CODE}`);
    return this.uniquely('PLATFORM_EXISTS', `a platform with code "${code}" already exists`, (manager) =>
      this.insertPlatform(manager, name.trim(), code),
    );
  }

  async createUser(name: string, role: string): Promise<IssuedCredential & { user: UserEntity }> {
    if (!name.trim()) throw new DomainError('USER_NAME_REQUIRED', 'a user needs a name');
    if (!isUserRole(role)) throw new DomainError('ROLE_INVALID', `role must be one of authority, officer, auditor, admin`);
    return this.uniquely('USER_EXISTS', `a user named "${name}" already exists`, async (manager) => {
      const user = await manager.save(manager.create(UserEntity, { name: name.trim(), role }));
      const issued = await this.issue(manager, { role, userId: user.id, platformId: null });
      return { ...issued, user };
    });
  }

  /** Revokes the platform's current key and issues a new one: one live key per platform. */
  async rotatePlatformKey(code: string): Promise<IssuedCredential> {
    return this.dataSource.transaction(async (manager) => {
      const platform = await manager.findOneBy(PlatformEntity, { code });
      if (!platform) throw new NotFoundError('PLATFORM_NOT_FOUND', `no platform with code "${code}"`);
      await manager.update(CredentialEntity, { platformId: platform.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      return this.issue(manager, { role: 'platform', platformId: platform.id, userId: null });
    });
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const parsed = parseCredential(token);
    if (!parsed) return undefined;
    const rows: Array<{
      id: string; key_hash: Buffer; role: string; platform_id: string | null; user_id: string | null;
      platform_code: string | null; platform_name: string | null; user_name: string | null;
    }> = await this.dataSource.query(
      `SELECT c.id, c.key_hash, c.role, c.platform_id, c.user_id, p.code AS platform_code, p.name AS platform_name, u.name AS user_name
         FROM credentials c
         LEFT JOIN platforms p ON p.id = c.platform_id
         LEFT JOIN users u ON u.id = c.user_id
        WHERE c.key_prefix = $1 AND c.revoked_at IS NULL`,
      [parsed.prefix],
    );
    const row = rows[0];
    if (!row || !credentialMatches(token, row.key_hash, this.config.secrets.credentialPepper)) return undefined;
    return {
      credentialId: row.id,
      role: row.role as Principal['role'],
      name: row.platform_name ?? row.user_name ?? 'unknown',
      platformId: row.platform_id ?? undefined,
      platformCode: row.platform_code ?? undefined,
      userId: row.user_id ?? undefined,
    };
  }

  private async insertPlatform(manager: EntityManager, name: string, code: string) {
    const platform = await manager.save(manager.create(PlatformEntity, { name, code }));
    const issued = await this.issue(manager, { role: 'platform', platformId: platform.id, userId: null });
    return { ...issued, platform };
  }

  private async issue(
    manager: EntityManager,
    owner: { role: UserRole | 'platform'; platformId: string | null; userId: string | null },
  ): Promise<IssuedCredential> {
    const { token, prefix } = newCredential();
    const saved = await manager.save(
      manager.create(CredentialEntity, {
        keyPrefix: prefix,
        keyHash: hashCredential(token, this.config.secrets.credentialPepper),
        role: owner.role,
        platformId: owner.platformId,
        userId: owner.userId,
      }),
    );
    return { token, credentialId: saved.id };
  }

  /** Runs a creation in a transaction and turns a unique-key race into a clear 409 instead of check-then-insert. */
  private async uniquely<T>(code: string, message: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new ConflictError(code, message);
      throw error;
    }
  }
}

/** "Chợ Mới Online" → "cho-moi-online": a stable, URL-safe code derived from the display name. */
export function toPlatformCode(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
