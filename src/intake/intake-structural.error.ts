import { DomainError } from '../common/domain-error';

/**
 * A batch that cannot be read at all (wrong content type, missing header, malformed CSV/JSON/XML, a DTD,
 * a body over the limit). The whole upload is refused with a 4xx and nothing is written: the transaction
 * that created the staging table rolls back. `details` may locate the problem (record, line, column) but
 * never carries a value from the body.
 */
export class IntakeStructuralError extends DomainError {
  constructor(code: string, message: string, status = 400, details?: Record<string, unknown>) {
    super(code, message, status, details);
    this.name = 'IntakeStructuralError';
  }
}
