import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { SqlService } from '../database/sql.service';
import { AuditEntryDto, AuditLogPageDto, AuditLogQueryDto } from './audit.dto';

const DEFAULT_LIMIT = 100;

interface AuditRow {
  id: string; occurred_at: Date; action: string;
  actor_credential_id: string | null; actor_role: string | null; actor_name: string | null; actor_user_id: string | null; actor_platform_id: string | null;
  http_method: string | null; route: string | null; target: Record<string, string> | null;
  subject_type: string | null; subject_id: string | null; fields: string[] | null; purpose: string | null;
  status: number | null; correlation_id: string | null; prev_hash: string; row_hash: string;
}

/** The auditors' reading of the log: filters that each have an index, newest first, keyset pages on id. */
@Injectable()
export class AuditLogQueryService {
  constructor(private readonly sql: SqlService) {}

  async page(query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    if (query.subjectId !== undefined && query.subjectType === undefined) {
      throw new DomainError('AUDIT_FILTER_INVALID', 'subjectId needs subjectType (e.g. subjectType=taxpayer&subjectId=42)');
    }
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { where, params } = filters(query);
    params.push(limit + 1);
    const rows = await this.sql.query<AuditRow>(
      `SELECT id::text AS id, occurred_at, action, actor_credential_id, actor_role, actor_name, actor_user_id, actor_platform_id,
              http_method, route, target, subject_type, subject_id, fields, purpose, status, correlation_id,
              encode(prev_hash, 'hex') AS prev_hash, encode(row_hash, 'hex') AS row_hash
         FROM audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_log.id DESC
        LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(toDto);
    return { entries, nextCursor: more ? entries[entries.length - 1].id : null };
  }
}

function filters(query: AuditLogQueryDto): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown, clause: (param: string) => string) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (query.principal) {
    add(query.principal, (p) => `(actor_credential_id = ${p}::uuid OR actor_user_id = ${p}::uuid OR actor_platform_id = ${p}::uuid)`);
  }
  if (query.subjectType) add(query.subjectType, (p) => `subject_type = ${p}`);
  if (query.subjectId !== undefined) add(query.subjectId, (p) => `subject_id = ${p}`);
  if (query.action) add(query.action, (p) => `action = ${p}`);
  if (query.route) add(query.route, (p) => `route = ${p}`);
  if (query.correlationId) add(query.correlationId, (p) => `correlation_id = ${p}`);
  if (query.from) add(query.from, (p) => `occurred_at >= ${p}::timestamptz`);
  if (query.to) add(query.to, (p) => `occurred_at < ${p}::timestamptz`);
  if (query.cursor) add(query.cursor, (p) => `id < ${p}::bigint`);
  return { where, params };
}

function toDto(row: AuditRow): AuditEntryDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    actor: {
      credentialId: row.actor_credential_id,
      role: row.actor_role,
      name: row.actor_name,
      userId: row.actor_user_id,
      platformId: row.actor_platform_id,
    },
    httpMethod: row.http_method,
    route: row.route,
    target: row.target,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    fields: row.fields,
    purpose: row.purpose,
    status: row.status,
    correlationId: row.correlation_id,
    prevHash: row.prev_hash,
    rowHash: row.row_hash,
  };
}
