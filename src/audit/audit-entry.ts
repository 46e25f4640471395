import { Role } from '../auth/role';

/** Who did it: an authenticated principal (src/auth/principal.ts fits as is) or a system actor such as the CLI. */
export interface AuditActor {
  credentialId?: string;
  role: Role | 'system';
  name: string;
  userId?: string;
  platformId?: string;
}

/** What personal data belongs to; extend as modules start showing new kinds of subject. */
export type AuditSubjectType = 'taxpayer' | 'platform_seller' | 'seller_entity' | 'case' | 'credential' | 'batch';

export const AUDIT_ACTIONS = {
  /** Recorded before a write handler runs: no write can happen unless this row exists. */
  writeAttempted: 'write.attempted',
  /** Recorded when the write handler has answered, with the HTTP status it answered. */
  writeCompleted: 'write.completed',
  personalDataRead: 'personal_data.read',
  credentialIssued: 'credential.issued',
} as const;

/** One row to append. The database assigns id, time and hashes (see migration 1795400600000-AuditLog). */
export interface AuditEntryInput {
  action: string;
  actor?: AuditActor;
  httpMethod?: string;
  route?: string;
  /** Ids the request addressed (route params, the id of what it created). Never request bodies. */
  target?: Record<string, string>;
  subjectType?: AuditSubjectType;
  subjectId?: string;
  fields?: string[];
  purpose?: string;
  status?: number;
  correlationId?: string;
}
