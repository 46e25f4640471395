import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { SqlService } from '../database/sql.service';
import { AUDIT_CANONICAL_FIELDS, AUDIT_GENESIS_HASH, auditRowHash } from './audit-canonical';

export type BrokenLinkProblem = 'row_hash_mismatch' | 'prev_hash_mismatch' | 'head_mismatch' | 'missing_rows' | 'unchained_row';

export interface BrokenLink {
  /** The first row that does not fit the chain (for missing_rows: the id the head names). */
  id: string;
  problem: BrokenLinkProblem;
  /** Hex SHA-256: what the chain says should be there, and what is. */
  expected: string;
  found: string;
  previousId: string | null;
}

export interface AuditVerification {
  ok: boolean;
  checkedRows: number;
  lastId: string;
  lastHash: string;
  firstBrokenLink: BrokenLink | null;
  durationMs: number;
}

const CHUNK_ROWS = 5000;
const SELECT_CHUNK = `
  SELECT ${AUDIT_CANONICAL_FIELDS.map((field) => field.render('a')).join(', ')}, a.prev_hash, a.row_hash
    FROM audit_log a WHERE a.id > $1 ORDER BY a.id LIMIT ${CHUNK_ROWS}`;

/**
 * Recomputes the chain in Node (so a function altered in the database cannot vouch for itself), reading the
 * table in keyset chunks of 5,000 rows on one connection: memory stays flat however long the log is.
 * The head row closes the chain: rows deleted from the end, or rows added beyond it with the trigger switched
 * off, are found by comparing the walk with the head.
 */
@Injectable()
export class AuditVerifyService {
  private readonly logger = new Logger('audit');

  constructor(private readonly sql: SqlService) {}

  async verify(): Promise<AuditVerification> {
    const started = Date.now();
    const walk = { prev: AUDIT_GENESIS_HASH, lastId: '0', checked: 0 };
    const broken = await this.sql.withClient((client) => this.walk(client, walk));
    const result: AuditVerification = {
      ok: broken === null,
      checkedRows: walk.checked,
      lastId: walk.lastId,
      lastHash: walk.prev.toString('hex'),
      firstBrokenLink: broken,
      durationMs: Date.now() - started,
    };
    // The head hash in the logs is an anchor outside the database: a rewritten chain would not match it.
    this.logger.log({ ok: result.ok, checkedRows: result.checkedRows, lastId: result.lastId, lastHash: result.lastHash, firstBrokenLink: broken }, 'audit chain verified');
    return result;
  }

  private async walk(client: PoolClient, walk: { prev: Buffer; lastId: string; checked: number }): Promise<BrokenLink | null> {
    let headAhead = false;
    for (;;) {
      const { rows } = await client.query<unknown[]>({ text: SELECT_CHUNK, values: [walk.lastId], rowMode: 'array' });
      if (headAhead && rows.length === 0) return this.missingRows(client, walk);
      for (const row of rows) {
        const broken = checkRow(row, walk);
        if (broken) return broken;
      }
      if (rows.length === CHUNK_ROWS) continue;
      const head = await readHead(client);
      if (!head) return link(walk.lastId, 'head_mismatch', Buffer.alloc(0), walk.prev, null);
      if (BigInt(head.lastId) > BigInt(walk.lastId)) {
        // Rows appended while we walked, or rows missing: the next chunk tells (the head commits with its row).
        headAhead = true;
        continue;
      }
      if (head.lastId === walk.lastId) {
        return head.lastHash.equals(walk.prev) ? null : link(walk.lastId, 'head_mismatch', head.lastHash, walk.prev, null);
      }
      // Rows beyond the head were written with the chaining trigger switched off.
      const beyond = await client.query<{ id: string; prev_hash: Buffer }>(
        `SELECT id::text AS id, prev_hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1`,
        [head.lastId],
      );
      return link(beyond.rows[0].id, 'unchained_row', head.lastHash, beyond.rows[0].prev_hash, head.lastId);
    }
  }

  private async missingRows(client: PoolClient, walk: { prev: Buffer; lastId: string }): Promise<BrokenLink> {
    const head = await readHead(client);
    if (!head) return link(walk.lastId, 'head_mismatch', Buffer.alloc(0), walk.prev, null);
    return link(head.lastId, 'missing_rows', head.lastHash, walk.prev, walk.lastId);
  }
}

function checkRow(row: unknown[], walk: { prev: Buffer; lastId: string; checked: number }): BrokenLink | null {
  const values = row.slice(0, AUDIT_CANONICAL_FIELDS.length) as Array<string | null>;
  const prevHash = row[AUDIT_CANONICAL_FIELDS.length] as Buffer;
  const rowHash = row[AUDIT_CANONICAL_FIELDS.length + 1] as Buffer;
  const id = values[0]!;
  const previousId = walk.lastId === '0' ? null : walk.lastId;
  if (!prevHash.equals(walk.prev)) return link(id, 'prev_hash_mismatch', walk.prev, prevHash, previousId);
  const recomputed = auditRowHash(values, prevHash);
  if (!recomputed.equals(rowHash)) return link(id, 'row_hash_mismatch', recomputed, rowHash, previousId);
  walk.prev = rowHash;
  walk.lastId = id;
  walk.checked++;
  return null;
}

/** The chain head, or null when a superuser deleted it. */
async function readHead(client: PoolClient): Promise<{ lastId: string; lastHash: Buffer } | null> {
  const { rows } = await client.query<{ last_id: string; last_hash: Buffer }>(`SELECT last_id::text AS last_id, last_hash FROM audit_chain_head`);
  if (rows.length !== 1) return null;
  return { lastId: rows[0].last_id, lastHash: rows[0].last_hash };
}

function link(id: string, problem: BrokenLinkProblem, expected: Buffer, found: Buffer, previousId: string | null): BrokenLink {
  return { id, problem, expected: expected.toString('hex'), found: found.toString('hex'), previousId };
}
