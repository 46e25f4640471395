import { hostname, userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { appendAudit } from './audit-append';
import { AUDIT_ACTIONS } from './audit-entry';
import { AuditUnavailableError } from './audit.errors';

/**
 * Records a credential issued from the command line (platform:create, platform:rotate-key, user:create).
 * The CLI has no principal: the actor is the operating-system account that ran it. If the row cannot be
 * appended the new credential is revoked at once and the error propagates, so no usable credential exists
 * without its audit entry (and the CLI prints none).
 */
export async function recordCredentialIssued(dataSource: DataSource, credentialId: string, command: string): Promise<void> {
  const query = (sql: string, params: unknown[]) => dataSource.query(sql, params);
  try {
    const [credential] = await query(`SELECT role, user_id, platform_id FROM credentials WHERE id = $1`, [credentialId]);
    const target: Record<string, string> = { role: credential.role };
    if (credential.user_id) target.userId = credential.user_id;
    if (credential.platform_id) target.platformId = credential.platform_id;
    await appendAudit(query, {
      action: AUDIT_ACTIONS.credentialIssued,
      actor: { role: 'system', name: `cli:${osAccount()}@${hostname()}` },
      target,
      subjectType: 'credential',
      subjectId: credentialId,
      purpose: command,
    });
  } catch (error) {
    await query(`UPDATE credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [credentialId]);
    throw new AuditUnavailableError(`the audit log could not record the new credential, so it was revoked (${(error as Error).message})`, {
      credentialId,
      stage: 'after_issue',
    });
  }
}

function osAccount(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
