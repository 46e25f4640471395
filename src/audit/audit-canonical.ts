import { createHash } from 'node:crypto';

/**
 * The canonical serialisation of an audit row, shared by the database (which chains rows as they are
 * inserted: migration 1795400600000-AuditLog builds its trigger from this list) and by the verifier (which
 * recomputes every hash in Node, so checking the chain does not trust a function stored in the database).
 *
 * Each field is rendered as text by the SQL expression below, then encoded as `<bytes>:<value>` or `-` for
 * NULL and concatenated after a version tag; the length prefix makes the encoding unambiguous without any
 * escaping. row_hash = SHA-256(canonical ‖ prev_hash); the first row's prev_hash is 32 zero bytes.
 *
 * Never change v1 in place: rows already chained would stop verifying. A new layout needs a new tag and a
 * verifier that knows both.
 */
export const AUDIT_HASH_VERSION = 'ect-audit-v1';
export const AUDIT_GENESIS_HASH = Buffer.alloc(32);

export const AUDIT_CANONICAL_FIELDS: ReadonlyArray<{ column: string; render: (row: string) => string }> = [
  { column: 'id', render: (r) => `${r}.id::text` },
  // Microseconds since the epoch: exact, and independent of the session's TimeZone and DateStyle.
  { column: 'occurred_at', render: (r) => `(extract(epoch FROM ${r}.occurred_at) * 1000000)::bigint::text` },
  { column: 'action', render: (r) => `${r}.action` },
  { column: 'actor_credential_id', render: (r) => `${r}.actor_credential_id::text` },
  { column: 'actor_role', render: (r) => `${r}.actor_role` },
  { column: 'actor_name', render: (r) => `${r}.actor_name` },
  { column: 'actor_user_id', render: (r) => `${r}.actor_user_id::text` },
  { column: 'actor_platform_id', render: (r) => `${r}.actor_platform_id::text` },
  { column: 'http_method', render: (r) => `${r}.http_method` },
  { column: 'route', render: (r) => `${r}.route` },
  // jsonb prints one canonical text (keys sorted, whitespace normalised) whatever JSON it was given.
  { column: 'target', render: (r) => `${r}.target::text` },
  { column: 'subject_type', render: (r) => `${r}.subject_type` },
  { column: 'subject_id', render: (r) => `${r}.subject_id` },
  { column: 'fields', render: (r) => `to_jsonb(${r}.fields)::text` },
  { column: 'purpose', render: (r) => `${r}.purpose` },
  { column: 'status', render: (r) => `${r}.status::text` },
  { column: 'correlation_id', render: (r) => `${r}.correlation_id` },
];

/** The SQL text expression of the canonical serialisation of `row` (a record variable or table alias). */
export function canonicalAuditSql(row: string): string {
  const parts = AUDIT_CANONICAL_FIELDS.map((field) => {
    const value = field.render(row);
    return `(CASE WHEN (${value}) IS NULL THEN '-' ELSE octet_length(${value})::text || ':' || (${value}) END)`;
  });
  return [`'${AUDIT_HASH_VERSION}'`, ...parts].join(' || ');
}

/** The Node twin of `canonicalAuditSql`, over the fields as the database rendered them. */
export function canonicalAuditText(values: ReadonlyArray<string | null>): string {
  if (values.length !== AUDIT_CANONICAL_FIELDS.length) {
    throw new Error(`an audit row has ${AUDIT_CANONICAL_FIELDS.length} canonical fields, got ${values.length}`);
  }
  let out = AUDIT_HASH_VERSION;
  for (const value of values) out += value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
  return out;
}

export function auditRowHash(values: ReadonlyArray<string | null>, prevHash: Buffer): Buffer {
  return createHash('sha256').update(canonicalAuditText(values), 'utf8').update(prevHash).digest();
}
