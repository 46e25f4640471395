import { AuditEntryInput } from './audit-entry';

/** Runs one statement and returns its rows: SqlService.query and DataSource.query both fit. */
export type RowsQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

// The trigger audit_log_chain fills id, occurred_at, prev_hash and row_hash under the chain lock, row by row in
// the order of `n`; ids are therefore increasing in input order, which is how they are handed back.
const INSERT_SQL = `
  INSERT INTO audit_log (action, actor_credential_id, actor_role, actor_name, actor_user_id, actor_platform_id,
                         http_method, route, target, subject_type, subject_id, fields, purpose, status, correlation_id)
  SELECT u.action, u.credential_id, u.role, u.name, u.user_id, u.platform_id, u.method, u.route, u.target, u.subject_type, u.subject_id,
         CASE WHEN u.fields IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.fields)) END, u.purpose, u.status, u.correlation_id
    FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::jsonb[],
                $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::smallint[], $15::text[])
         WITH ORDINALITY AS u(action, credential_id, role, name, user_id, platform_id, method, route, target,
                              subject_type, subject_id, fields, purpose, status, correlation_id, n)
   ORDER BY u.n
  RETURNING id::text AS id`;

/**
 * Appends rows in ONE autocommit statement, so the chain head stays locked only for that statement.
 * Do not call it inside a long transaction of your own: every other append would wait for your commit.
 */
export async function appendAuditRows(run: RowsQuery, rows: readonly AuditEntryInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const column = <T>(pick: (row: AuditEntryInput) => T | undefined) => rows.map((row) => pick(row) ?? null);
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  const inserted = await run(INSERT_SQL, [
    column((row) => row.action),
    column((row) => row.actor?.credentialId),
    column((row) => row.actor?.role),
    column((row) => row.actor?.name),
    column((row) => row.actor?.userId),
    column((row) => row.actor?.platformId),
    column((row) => row.httpMethod),
    column((row) => row.route),
    column((row) => (row.target && Object.keys(row.target).length > 0 ? json(row.target) : null)),
    column((row) => row.subjectType),
    column((row) => row.subjectId),
    column((row) => json(row.fields)),
    column((row) => row.purpose),
    column((row) => row.status),
    column((row) => row.correlationId),
  ]);
  return inserted.map((row) => String(row.id)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/** Appends `entry` once, or once per id in `subjectIds` (one row per subject, so "who looked at X" finds it). */
export function appendAudit(run: RowsQuery, entry: AuditEntryInput, subjectIds?: readonly string[]): Promise<string[]> {
  return appendAuditRows(run, expandSubjects(entry, subjectIds));
}

export function expandSubjects(entry: AuditEntryInput, subjectIds?: readonly string[]): AuditEntryInput[] {
  return subjectIds ? subjectIds.map((subjectId) => ({ ...entry, subjectId })) : [entry];
}

const ACTION = /^[a-z][a-z_]*(\.[a-z_]+)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = new Set(['platform', 'authority', 'officer', 'auditor', 'admin', 'system']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The table's CHECKs, in Node: a malformed entry is refused on its own instead of failing the statement it
 * would share with other requests' entries. Returns what is wrong, or null.
 */
export function auditEntryProblem(entry: AuditEntryInput): string | null {
  if (!ACTION.test(entry.action)) return `action "${entry.action}" must look like "write.completed"`;
  const actor = entry.actor;
  if (actor && !ROLES.has(actor.role)) return `actor role "${actor.role}" is unknown`;
  for (const id of [actor?.credentialId, actor?.userId, actor?.platformId]) if (id !== undefined && id !== null && !UUID.test(id)) return `actor id "${id}" is not a uuid`;
  if (entry.httpMethod !== undefined && !METHODS.has(entry.httpMethod)) return `method "${entry.httpMethod}" is not recorded`;
  if ((entry.subjectType === undefined) !== (entry.subjectId === undefined || entry.subjectId === null)) return 'a subject needs both a type and an id';
  if (entry.subjectType !== undefined && !/^[a-z][a-z_]*$/.test(entry.subjectType)) return `subject type "${entry.subjectType}" is invalid`;
  if (entry.status !== undefined && !(Number.isInteger(entry.status) && entry.status >= 100 && entry.status <= 599)) return `status ${entry.status} is not an HTTP status`;
  return null;
}
