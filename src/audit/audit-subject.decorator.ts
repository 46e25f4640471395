import { SetMetadata } from '@nestjs/common';
import { AuditSubjectType } from './audit-entry';

export const AUDIT_SUBJECT_KEY = 'ect:audit-subject';

export interface AuditSubjectMetadata {
  type: AuditSubjectType;
  param: string;
}

/**
 * Optional, on a write route: names the subject the route changes, so its audit rows are found when an
 * auditor filters by subject (e.g. `@AuditSubject('case', 'id')` on `POST /v1/cases/:id/transitions`).
 * Routes without it are still recorded, with their route params as `target`.
 */
export const AuditSubject = (type: AuditSubjectType, param = 'id') => SetMetadata(AUDIT_SUBJECT_KEY, { type, param } satisfies AuditSubjectMetadata);
