import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { appendAudit } from '../../src/audit/audit-append';
import { canonicalAuditSql } from '../../src/audit/audit-canonical';
import { AUDIT_ACTIONS, AuditEntryInput } from '../../src/audit/audit-entry';
import { AuditService } from '../../src/audit/audit.service';
import { AuditVerifyService } from '../../src/audit/audit-verify.service';
import { AuditLogQueryService } from '../../src/audit/audit-log-query.service';
import { TestEnv } from '../support/test-env';

/**
 * The chain: appended by the database under one lock, verified in Node, refused to UPDATE/DELETE/TRUNCATE,
 * and still checkable after a superuser switches the protection off and edits rows.
 */
describe('audit log hash chain', () => {
  let env: TestEnv;
  let audit: AuditService;
  let verifier: AuditVerifyService;
  let superuser: Client;

  const officer = { credentialId: '11111111-1111-4111-8111-111111111111', role: 'officer' as const, name: 'Trần Thị "Bích" \\ Ngọc', userId: '22222222-2222-4222-8222-222222222222' };

  beforeAll(async () => {
    env = await TestEnv.create();
    audit = env.api!.get(AuditService);
    verifier = env.api!.get(AuditVerifyService);
    superuser = new Client({ connectionString: env.config.database.url });
    await superuser.connect();
    // Awkward values on purpose: quotes, backslashes, newlines, Vietnamese, JSON whose key order differs, NULLs.
    await audit.append({ action: AUDIT_ACTIONS.writeAttempted, actor: officer, httpMethod: 'POST', route: '/v1/cases/:id/notes', target: { z: '1', a: 'x\ny' }, correlationId: 'corr-0001' });
    await audit.append({ action: AUDIT_ACTIONS.writeCompleted, actor: officer, httpMethod: 'POST', route: '/v1/cases/:id/notes', target: { a: 'x\ny', z: '1' }, status: 201, correlationId: 'corr-0001' });
    await audit.recordPersonalDataAccess(officer, 'taxpayer', 42, ['national_id', 'phone'], 'case_review: hồ sơ');
    await audit.recordPersonalDataAccessMany(officer, 'platform_seller', ['7', '8', '9'], ['phone'], 'export');
    await audit.append({ action: 'credential.issued', actor: { role: 'system', name: 'cli:root@host' }, subjectType: 'credential', subjectId: 'abc' });
  });
  afterAll(async () => {
    await superuser.end();
    await env.close();
  });

  async function rowIds(): Promise<string[]> {
    return (await superuser.query(`SELECT a.id::text AS id FROM audit_log a ORDER BY a.id`)).rows.map((row) => row.id);
  }

  /** Superuser edits with the append-only trigger off, as an intruder with database superuser rights would. */
  async function asIntruder(sql: string, params: unknown[] = []): Promise<void> {
    await superuser.query(`SET session_replication_role = replica`);
    try {
      await superuser.query(sql, params);
    } finally {
      await superuser.query(`SET session_replication_role = origin`);
    }
  }

  it('chains every row to the one before and verifies, with the head closing the chain', async () => {
    const result = await verifier.verify();
    expect(result).toMatchObject({ ok: true, checkedRows: 7, firstBrokenLink: null });
    const head = (await superuser.query(`SELECT last_id::text AS id, encode(last_hash, 'hex') AS hash FROM audit_chain_head`)).rows[0];
    expect({ lastId: result.lastId, lastHash: result.lastHash }).toEqual({ lastId: head.id, lastHash: head.hash });
    const links = (await superuser.query(`SELECT count(*)::int AS n FROM audit_log a JOIN audit_log b ON b.prev_hash = a.row_hash`)).rows[0].n;
    expect(links).toBe(6);
  });

  it('records one row per subject for a list, in order', async () => {
    const rows = (await superuser.query(`SELECT subject_id, fields, purpose FROM audit_log WHERE subject_type = 'platform_seller' ORDER BY id`)).rows;
    expect(rows).toEqual(['7', '8', '9'].map((id) => ({ subject_id: id, fields: ['phone'], purpose: 'export' })));
  });

  it('overwrites whatever id, time or hash a caller tries to supply', async () => {
    const forged = Buffer.alloc(32, 9);
    const { rows } = await superuser.query(
      `INSERT INTO audit_log (id, occurred_at, action, prev_hash, row_hash) VALUES (1, '2000-01-01', 'write.attempted', $1, $1) RETURNING id::text AS id, occurred_at, prev_hash`,
      [forged],
    );
    expect(rows[0].id).not.toBe('1');
    expect(rows[0].occurred_at.getFullYear()).toBeGreaterThan(2000);
    expect(rows[0].prev_hash.equals(forged)).toBe(false);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('never forks under concurrent appends, single and bulk', async () => {
    const pool = new Pool({ connectionString: env.config.database.url, max: 10 });
    const before = (await rowIds()).length;
    try {
      const run = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
      const entry: AuditEntryInput = { action: AUDIT_ACTIONS.writeAttempted, actor: officer, route: '/v1/x', correlationId: 'concurrent' };
      await Promise.all(
        Array.from({ length: 20 }, (_, client) =>
          (async () => {
            for (let i = 0; i < 20; i++) {
              if (i % 5 === 0) await appendAudit(run, { ...entry, action: AUDIT_ACTIONS.personalDataRead, subjectType: 'taxpayer', fields: ['phone'], purpose: 'p' }, ['1', '2', '3']);
              else await appendAudit(run, { ...entry, target: { client: String(client), i: String(i) } });
            }
          })(),
        ),
      );
    } finally {
      await pool.end();
    }
    const counts = (await superuser.query(`SELECT count(*)::int AS rows, count(DISTINCT prev_hash)::int AS prevs FROM audit_log`)).rows[0];
    expect(counts.rows).toBe(before + 20 * (16 + 4 * 3));
    expect(counts.prevs).toBe(counts.rows); // no two rows claim the same predecessor: no fork
    const result = await verifier.verify();
    expect({ ok: result.ok, checked: result.checkedRows }).toEqual({ ok: true, checked: counts.rows });
  });

  it('verifies while appends keep arriving: what it sees is always a whole prefix of the chain', async () => {
    let appending = true;
    const writer = (async () => {
      let n = 0;
      while (appending || n < 50) await audit.append({ action: AUDIT_ACTIONS.writeAttempted, actor: officer, correlationId: `during-verify-${n++}` });
    })();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await verifier.verify());
    appending = false;
    await writer;
    expect(results.map((result) => result.firstBrokenLink)).toEqual([null, null, null, null, null]);
  });

  it('groups concurrent appends from one process into shared statements, each caller getting its own row', async () => {
    const calls = Array.from({ length: 120 }, (_, i) => audit.recordPersonalDataAccess(officer, 'seller_entity', `group-${i}`, ['phone'], 'grouping'));
    const ids = await Promise.all(calls);
    expect(new Set(ids).size).toBe(120);
    const rows = (await superuser.query(`SELECT id::text AS id, subject_id FROM audit_log WHERE purpose = 'grouping'`)).rows;
    expect(Object.fromEntries(rows.map((row) => [row.id, row.subject_id]))).toEqual(Object.fromEntries(ids.map((id, i) => [id, `group-${i}`])));
    const statements = (await superuser.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM audit_log WHERE purpose = 'grouping'`)).rows[0].n;
    expect(statements).toBeLessThan(120);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('fails only the caller whose row the database refuses when appends were grouped', async () => {
    await superuser.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_refuse_one CHECK (subject_id IS DISTINCT FROM 'refused') NOT VALID`);
    try {
      const results = await Promise.allSettled(['ok-1', 'refused', 'ok-2', 'ok-3'].map((id) => audit.recordPersonalDataAccess(officer, 'seller_entity', id, ['phone'], 'isolation')));
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'AUDIT_UNAVAILABLE', status: 503 });
    } finally {
      await superuser.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_refuse_one`);
    }
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('refuses a malformed entry on its own, before the database', async () => {
    await expect(audit.append({ action: 'Not An Action' })).rejects.toMatchObject({ code: 'AUDIT_ENTRY_INVALID' });
    await expect(audit.recordPersonalDataAccess(officer, 'taxpayer', 1, [], 'x')).rejects.toMatchObject({ code: 'AUDIT_ENTRY_INVALID' });
    await expect(audit.recordPersonalDataAccess(officer, 'taxpayer', 1, ['phone'], ' ')).rejects.toMatchObject({ code: 'AUDIT_ENTRY_INVALID' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the application connection with a clear error', async () => {
    for (const sql of [`UPDATE audit_log SET actor_name = 'x'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`, `DELETE FROM audit_chain_head`]) {
      await expect(env.dataSource.query(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/^AUDIT_APPEND_ONLY: (UPDATE|DELETE|TRUNCATE) on audit_(log|chain_head) is not allowed/) });
    }
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('lets a least-privilege application role append but not change rows', async () => {
    const role = `ect_t_audit_${randomBytes(4).toString('hex')}`;
    await superuser.query(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await superuser.query(`GRANT SELECT, INSERT ON audit_log TO ${role}; GRANT SELECT, UPDATE ON audit_chain_head TO ${role}; GRANT USAGE ON SEQUENCE audit_log_id_seq TO ${role}`);
      await superuser.query(`SET ROLE ${role}`);
      try {
        await superuser.query(`INSERT INTO audit_log (action, actor_name) VALUES ('write.attempted', 'least privilege')`);
        await expect(superuser.query(`UPDATE audit_log SET actor_name = 'x'`)).rejects.toMatchObject({ code: '42501' });
        await expect(superuser.query(`DELETE FROM audit_log`)).rejects.toMatchObject({ code: '42501' });
        // Not the owner: it cannot switch the trigger off either.
        await expect(superuser.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await superuser.query(`RESET ROLE`);
      }
      expect((await verifier.verify()).ok).toBe(true);
    } finally {
      await superuser.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it('names the row a superuser changed, and verifies again once it is put back', async () => {
    const target = (await rowIds())[3];
    const original = (await superuser.query(`SELECT purpose FROM audit_log WHERE id = $1`, [target])).rows[0].purpose;
    await asIntruder(`UPDATE audit_log SET purpose = 'nothing to see' WHERE id = $1`, [target]);
    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenLink).toMatchObject({ id: target, problem: 'row_hash_mismatch' });
    const stored = (await superuser.query(`SELECT encode(row_hash, 'hex') AS h FROM audit_log WHERE id = $1`, [target])).rows[0].h;
    expect(result.firstBrokenLink!.found).toBe(stored);
    expect(result.firstBrokenLink!.expected).not.toBe(stored);
    await asIntruder(`UPDATE audit_log SET purpose = $2 WHERE id = $1`, [target, original]);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('names the next link when a superuser also recomputes the changed row’s own hash', async () => {
    const ids = await rowIds();
    const [target, next] = [ids[2], ids[3]];
    const saved = (await superuser.query(`SELECT actor_name, row_hash FROM audit_log WHERE id = $1`, [target])).rows[0];
    // Recompute with the database's own formula: the row is self-consistent, its successor no longer is.
    await asIntruder(
      `UPDATE audit_log a SET actor_name = 'someone else' WHERE id = $1;
       UPDATE audit_log a SET row_hash = digest(convert_to(${canonicalAuditSql('a')}, 'UTF8') || a.prev_hash, 'sha256') WHERE id = $1`.replace(/\$1/g, target),
    );
    const result = await verifier.verify();
    expect(result.firstBrokenLink).toMatchObject({ id: next, problem: 'prev_hash_mismatch', previousId: target });
    await asIntruder(`UPDATE audit_log SET actor_name = $2, row_hash = $3 WHERE id = $1`, [target, saved.actor_name, saved.row_hash]);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('names the successor of a deleted row, the head when the last rows are gone, and rows added with the trigger off', async () => {
    await superuser.query(`CREATE TEMP TABLE audit_backup AS SELECT * FROM audit_log`);
    const ids = await rowIds();
    await asIntruder(`DELETE FROM audit_log WHERE id = $1`, [ids[5]]);
    expect((await verifier.verify()).firstBrokenLink).toMatchObject({ id: ids[6], problem: 'prev_hash_mismatch', previousId: ids[4] });
    await asIntruder(`INSERT INTO audit_log SELECT * FROM audit_backup WHERE id = $1`, [ids[5]]);
    expect((await verifier.verify()).ok).toBe(true);

    const last = ids[ids.length - 1];
    await asIntruder(`DELETE FROM audit_log WHERE id = $1`, [last]);
    expect((await verifier.verify()).firstBrokenLink).toMatchObject({ id: last, problem: 'missing_rows', previousId: ids[ids.length - 2] });
    await asIntruder(`INSERT INTO audit_log SELECT * FROM audit_backup WHERE id = $1`, [last]);

    // A sloppy forgery after the last row: its link is wrong.
    const forgedId = String(BigInt(last) + 1000n);
    await asIntruder(`INSERT INTO audit_log (id, occurred_at, action, prev_hash, row_hash) VALUES ($1, now(), 'write.attempted', $2, $2)`, [forgedId, Buffer.alloc(32)]);
    expect((await verifier.verify()).firstBrokenLink).toMatchObject({ id: forgedId, problem: 'prev_hash_mismatch', previousId: last });
    // A careful one, linked and hashed like the trigger would, but without advancing the head.
    await asIntruder(
      `UPDATE audit_log a SET prev_hash = h.last_hash FROM audit_chain_head h WHERE a.id = ${forgedId};
       UPDATE audit_log a SET row_hash = digest(convert_to(${canonicalAuditSql('a')}, 'UTF8') || a.prev_hash, 'sha256') WHERE a.id = ${forgedId}`,
    );
    expect((await verifier.verify()).firstBrokenLink).toMatchObject({ id: forgedId, problem: 'unchained_row', previousId: last });
    await asIntruder(`DELETE FROM audit_log WHERE id = $1`, [forgedId]);
    expect((await verifier.verify()).ok).toBe(true);
  });
});

describe('audit log pages', () => {
  let env: TestEnv;
  beforeAll(async () => (env = await TestEnv.create()));
  afterAll(() => env.close());

  it('pages newest first in numeric id order across digit-count boundaries (9 before 10, 99 before 100)', async () => {
    const audit = env.api!.get(AuditService);
    const actor = { credentialId: '33333333-3333-4333-8333-333333333333', role: 'auditor' as const, name: 'pager' };
    for (let i = 0; i < 120; i++) await audit.append({ action: AUDIT_ACTIONS.writeAttempted, actor, httpMethod: 'POST', route: `/v1/probe/${i}` });
    const query = env.api!.get(AuditLogQueryService);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await query.page({ limit: 25, cursor } as never);
      seen.push(...page.entries.map((entry) => Number(entry.id)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const descending = [...seen].sort((a, b) => b - a);
    expect(seen).toEqual(descending);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(120);
  });
});
