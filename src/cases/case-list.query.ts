import { createHash } from 'node:crypto';
import type { CaseStatus } from '../reconciliation/signal-codes';
import { CaseErrors } from './cases.errors';

/** What a queue view asks for; every field is optional and they combine with AND. */
export interface CaseListFilter {
  statuses?: CaseStatus[];
  /** Cases with any of these signals. */
  signals?: string[];
  /** 34-province code (old codes and names are mapped before they get here). */
  provinceCode?: string;
  platformId?: string;
  taxYear?: number;
  assignee?: { kind: 'user'; userId: string } | { kind: 'none' };
  /** Whole VND, digits. */
  minEstimate?: string;
}

export type CaseSort = 'estimate' | 'confidence' | 'age';

/**
 * Each sort is one key plus the case id as tie-breaker, walked along one index of case_queue (see the migration):
 * estimate and confidence largest first, age oldest first. The cursor carries the last row's key as text that casts
 * back exactly (bigint, numeric, timestamptz in UTC with microseconds).
 */
const SORTS: Record<CaseSort, { column: string; cast: string; keyText: string; descending: boolean }> = {
  estimate: { column: 'estimate', cast: 'bigint', keyText: 'estimate::text', descending: true },
  confidence: { column: 'confidence_key', cast: 'numeric', keyText: 'confidence_key::text', descending: true },
  age: { column: 'opened_at', cast: 'timestamptz', keyText: `to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, descending: false },
};

export const QUEUE_COLUMNS = `case_id, entity_id, tax_year, status, estimate::text AS estimate, link_confidence::text AS link_confidence, link_band,
  signal_codes, waiting_on, assigned_to, taxpayer_id::text AS taxpayer_id, province_code, platform_ids, opened_at, updated_at, version`;

export interface Cursor {
  key: string;
  id: string;
}

/** The WHERE clause of a filter, with its parameters appended to `params`. */
export function filterSql(filter: CaseListFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  if (filter.statuses?.length === 1) where.push(`status = ${bind(filter.statuses[0])}`);
  else if (filter.statuses?.length) where.push(`status = ANY (${bind(filter.statuses)}::text[])`);
  if (filter.signals?.length) where.push(`signal_codes && ${bind(filter.signals)}::text[]`);
  if (filter.provinceCode) where.push(`province_code = ${bind(filter.provinceCode)}`);
  if (filter.platformId) where.push(`platform_ids @> ARRAY[${bind(filter.platformId)}::uuid]`);
  if (filter.taxYear !== undefined) where.push(`tax_year = ${bind(filter.taxYear)}`);
  if (filter.assignee?.kind === 'user') where.push(`assigned_to = ${bind(filter.assignee.userId)}::uuid`);
  if (filter.assignee?.kind === 'none') where.push(`assigned_to IS NULL`);
  if (filter.minEstimate !== undefined) where.push(`estimate >= ${bind(filter.minEstimate)}::bigint`);
  return where;
}

/** One page: `limit + 1` rows are fetched, the extra one only tells that a next page exists. */
export function listSql(filter: CaseListFilter, sort: CaseSort, cursor: Cursor | null, limit: number | null): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = filterSql(filter, params);
  const s = SORTS[sort];
  const dir = s.descending ? 'DESC' : 'ASC';
  if (cursor) {
    where.push(`(${s.column}, case_id) ${s.descending ? '<' : '>'} ($${params.push(cursor.key)}::${s.cast}, $${params.push(cursor.id)}::uuid)`);
  }
  // ORDER BY names the table's columns (q.), never the text aliases of the select list.
  const text = `SELECT ${QUEUE_COLUMNS}, ${s.keyText} AS sort_key FROM case_queue q
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY q.${s.column} ${dir}, q.case_id ${dir}${limit === null ? '' : ` LIMIT ${limit + 1}`}`;
  return { text, params };
}

/** A cursor is opaque to clients: base64url JSON of the last key, id, and a fingerprint of the sort and filter. */
export function encodeCursor(sort: CaseSort, filter: CaseListFilter, last: Cursor): string {
  return Buffer.from(JSON.stringify({ k: last.key, i: last.id, f: fingerprint(sort, filter) })).toString('base64url');
}

export function decodeCursor(sort: CaseSort, filter: CaseListFilter, text: string): Cursor {
  let parsed: { k?: unknown; i?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw CaseErrors.cursorInvalid();
  }
  const validKey = typeof parsed?.k === 'string' && KEY_SHAPES[sort].test(parsed.k);
  const validId = typeof parsed?.i === 'string' && UUID.test(parsed.i);
  if (!validKey || !validId || parsed.f !== fingerprint(sort, filter)) throw CaseErrors.cursorInvalid();
  return { key: parsed.k as string, id: parsed.i as string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_SHAPES: Record<CaseSort, RegExp> = {
  estimate: /^-?[0-9]{1,19}$/,
  confidence: /^-?[0-9]{1,2}(\.[0-9]{1,6})?$/,
  age: /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/,
};

function fingerprint(sort: CaseSort, filter: CaseListFilter): string {
  const canonical = JSON.stringify([sort, filter.statuses ?? null, filter.signals ?? null, filter.provinceCode ?? null, filter.platformId ?? null,
    filter.taxYear ?? null, filter.assignee ?? null, filter.minEstimate ?? null]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}
