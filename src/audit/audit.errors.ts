import { DomainError } from '../common/domain-error';

/**
 * The audit log could not record something that must be recorded. The request fails with 503 rather than
 * going unaudited; `details.stage` says whether the change was refused before it ran or ran and then could
 * not be recorded.
 */
export class AuditUnavailableError extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super('AUDIT_UNAVAILABLE', message, 503, details);
  }
}

export class AuditEntryInvalidError extends DomainError {
  constructor(message: string) {
    super('AUDIT_ENTRY_INVALID', message, 500);
  }
}
