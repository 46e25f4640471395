import { Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { SqlService } from '../database/sql.service';
import { auditEntryProblem, expandSubjects } from './audit-append';
import { AuditAppender, MAX_ROWS_PER_STATEMENT } from './audit-appender';
import { AUDIT_ACTIONS, AuditActor, AuditEntryInput, AuditSubjectType } from './audit-entry';
import { AuditEntryInvalidError, AuditUnavailableError } from './audit.errors';

const FIELD_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The one door into the audit log. Other modules call `recordPersonalDataAccess` whenever they show a person's
 * decrypted identifiers or a taxpayer's / seller's details (see src/audit/README.md); writes through the API
 * are recorded by AuditWriteInterceptor without any code in the controllers.
 *
 * Every method throws AuditUnavailableError (503) when the row could not be appended. Do not catch it:
 * personal data must not be shown unless its reading was recorded.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('audit');
  private readonly appender: AuditAppender;

  constructor(sql: SqlService) {
    this.appender = new AuditAppender((text, params) => sql.query(text, params));
  }

  /**
   * Records that `principal` is about to see personal data of one subject. Call it before returning the
   * data, and await it. `fields` name what was shown (e.g. ['national_id', 'phone']), `purpose` why
   * (e.g. 'case_review', 'link_review'). Returns the audit row id.
   */
  async recordPersonalDataAccess(
    principal: AuditActor,
    subjectType: AuditSubjectType,
    subjectId: string | number,
    fields: string[],
    purpose: string,
  ): Promise<string> {
    const [id] = await this.recordPersonalDataAccessMany(principal, subjectType, [String(subjectId)], fields, purpose);
    return id;
  }

  /** The same for a list or an export: one row per subject (so "who looked at X" finds it), few statements. */
  async recordPersonalDataAccessMany(
    principal: AuditActor,
    subjectType: AuditSubjectType,
    subjectIds: ReadonlyArray<string | number>,
    fields: string[],
    purpose: string,
  ): Promise<string[]> {
    checkPersonalDataAccess(principal, fields, purpose);
    const entry: AuditEntryInput = {
      action: AUDIT_ACTIONS.personalDataRead,
      actor: principal,
      subjectType,
      fields,
      purpose,
      correlationId: RequestContext.correlationId(),
    };
    const ids: string[] = [];
    for (let start = 0; start < subjectIds.length; start += MAX_ROWS_PER_STATEMENT) {
      const chunk = subjectIds.slice(start, start + MAX_ROWS_PER_STATEMENT).map(String);
      ids.push(...(await this.append(entry, chunk, 'personal data was not shown')));
    }
    return ids;
  }

  /** Appends one entry (or one per subject id). `refusal` completes the 503 message when it fails. */
  async append(entry: AuditEntryInput, subjectIds?: readonly string[], refusal = 'the request was refused'): Promise<string[]> {
    const rows = expandSubjects(entry, subjectIds);
    for (const row of rows) {
      const problem = auditEntryProblem(row);
      if (problem) throw new AuditEntryInvalidError(`audit entry refused: ${problem}`);
    }
    try {
      return await this.appender.append(rows);
    } catch (error) {
      // pg errors can carry a failing row; log the code and message only.
      const code = (error as { code?: string }).code;
      this.logger.error({ code, message: (error as Error).message, action: entry.action }, 'audit append failed');
      throw new AuditUnavailableError(`the audit log could not record this (${entry.action}); ${refusal}`, { action: entry.action, pgCode: code });
    }
  }
}

function checkPersonalDataAccess(principal: AuditActor, fields: string[], purpose: string): void {
  if (!principal?.role || !principal.name) throw new AuditEntryInvalidError('personal data access needs the principal who reads it');
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((field) => FIELD_NAME.test(field))) {
    throw new AuditEntryInvalidError('personal data access must name the fields shown (lower_snake_case)');
  }
  if (typeof purpose !== 'string' || !purpose.trim() || purpose.length > 200) {
    throw new AuditEntryInvalidError('personal data access needs a purpose (1–200 characters)');
  }
}
