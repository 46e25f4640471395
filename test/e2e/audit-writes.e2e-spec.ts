import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AuditService } from '../../src/audit/audit.service';
import { ROLES, Role, UserRole } from '../../src/auth/role';
import { phoneForms, scanForPlaintextPii } from '../support/plaintext-pii-scan';
import { concretePath, declaredRoutes, DeclaredRoute } from '../support/routes';
import { TestEnv } from '../support/test-env';

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Every write through the API is on the audit trail, whatever module serves it; auditors only read. */
describe('audit trail of API writes', () => {
  let env: TestEnv;
  let superuser: Client;
  let writeRoutes: DeclaredRoute[];
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    env = await TestEnv.create();
    tokens.platform = (await env.platformToken('Audit Writes Platform')).token;
    for (const role of ROLES.filter((r): r is UserRole => r !== 'platform')) tokens[role] = await env.userToken(`audit-writes-${role}`, role);
    writeRoutes = declaredRoutes(env.api!).filter((route) => WRITE_METHODS.includes(route.method));
    superuser = new Client({ connectionString: env.config.database.url });
    await superuser.connect();
  });
  afterAll(async () => {
    await superuser.end();
    await env.close();
  });

  const requestId = () => `audit-e2e-${randomBytes(6).toString('hex')}`;
  const rowsOf = async (correlationId: string) =>
    (await superuser.query(`SELECT action, route, http_method, status, actor_role, actor_credential_id, target FROM audit_log WHERE correlation_id = $1 ORDER BY id`, [correlationId])).rows;
  const call = (method: string, path: string, role: Role | null, id: string) => {
    const req = request(env.http)[method.toLowerCase() as 'post'](path).set('X-Request-Id', id);
    if (role) req.set('Authorization', `Bearer ${tokens[role]}`);
    return method === 'DELETE' ? req : req.send({});
  };

  it('records an attempt and an outcome for every write route, with the status the client got', async () => {
    expect(writeRoutes.length).toBeGreaterThan(0);
    for (const route of writeRoutes) {
      const role = route.isPublic ? null : route.roles[0];
      const id = requestId();
      const response = await call(route.method, concretePath(route.path), role, id);
      const rows = await rowsOf(id);
      const where = `${route.method} ${route.path}`;
      expect({ where, actions: rows.map((row) => row.action) }).toEqual({ where, actions: ['write.attempted', 'write.completed'] });
      expect({ where, route: rows[1].route, method: rows[1].http_method, status: rows[1].status, role: rows[1].actor_role }).toEqual({
        where, route: route.path, method: route.method, status: response.status, role,
      });
    }
  });

  it('admits no auditor on any write route: every one answers 403 and nothing is recorded as a write', async () => {
    for (const route of writeRoutes.filter((r) => !r.isPublic)) {
      expect({ route: `${route.method} ${route.path}`, auditorDeclared: route.roles.includes('auditor') }).toEqual({ route: `${route.method} ${route.path}`, auditorDeclared: false });
      const id = requestId();
      const response = await call(route.method, concretePath(route.path), 'auditor', id);
      expect({ route: `${route.method} ${route.path}`, status: response.status, code: response.body.code }).toEqual({ route: `${route.method} ${route.path}`, status: 403, code: 'FORBIDDEN' });
      expect(await rowsOf(id)).toEqual([]);
    }
  });

  it('records who and what, and the id of what was created, but never the request body', async () => {
    const id = requestId();
    const created = await call('POST', '/v1/ops/probes', 'admin', id).expect(201);
    const rows = await rowsOf(id);
    const credentialId = (await env.credentials().authenticate(tokens.admin))!.credentialId;
    expect(rows[1]).toMatchObject({ status: 201, actor_role: 'admin', actor_credential_id: credentialId, target: { createdId: created.body.id } });

    const nationalId = '079203001234';
    const phone = '+84912345678';
    const rejected = requestId();
    await request(env.http).post('/v1/ops/probes').set('Authorization', `Bearer ${tokens.admin}`).set('X-Request-Id', rejected)
      .send({ nationalId, phone, note: `call ${phone}` }).expect(400);
    expect((await rowsOf(rejected)).map((row) => row.status)).toEqual([null, 400]);
    const run = async (sql: string, params?: unknown[]) => (await superuser.query(sql, params)).rows;
    expect(await scanForPlaintextPii(run, { knownValues: [nationalId, ...phoneForms(phone)] })).toEqual([]);
  });

  describe('when the audit log cannot record', () => {
    const outage = async (actions: string[], work: () => Promise<void>) => {
      await superuser.query(`CREATE FUNCTION pg_temp.audit_outage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF NEW.action = ANY (TG_ARGV) THEN RAISE EXCEPTION 'simulated audit outage'; END IF; RETURN NEW; END $$`);
      await superuser.query(`CREATE TRIGGER zz_audit_outage BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION pg_temp.audit_outage(${actions.map((a) => `'${a}'`).join(', ')})`);
      try {
        await work();
      } finally {
        await superuser.query(`DROP TRIGGER zz_audit_outage ON audit_log; DROP FUNCTION pg_temp.audit_outage()`);
      }
    };
    const probes = async () => (await superuser.query(`SELECT count(*)::int AS n FROM ops_probes`)).rows[0].n;

    it('refuses the write before it runs, saying so', async () => {
      const before = await probes();
      await outage(['write.attempted'], async () => {
        const response = await call('POST', '/v1/ops/probes', 'admin', requestId()).expect(503);
        expect(response.body).toMatchObject({ code: 'AUDIT_UNAVAILABLE', status: 503, details: { stage: 'before_handler' } });
        expect(response.body.message).toMatch(/nothing was changed/);
      });
      expect(await probes()).toBe(before);
    });

    it('fails the request when the outcome cannot be recorded, saying the change was made', async () => {
      const before = await probes();
      const id = requestId();
      await outage(['write.completed'], async () => {
        const response = await call('POST', '/v1/ops/probes', 'admin', id).expect(503);
        expect(response.body).toMatchObject({ code: 'AUDIT_UNAVAILABLE', details: { stage: 'after_handler', handlerStatus: 201 } });
        expect(response.body.message).toMatch(/change was made/);
      });
      expect(await probes()).toBe(before + 1);
      expect((await rowsOf(id)).map((row) => row.action)).toEqual(['write.attempted']);
    });
  });

  describe('reading the log', () => {
    const get = (path: string, role: Role = 'auditor') => request(env.http).get(path).set('Authorization', `Bearer ${tokens[role]}`);

    it('filters by subject, principal, action and time, newest first, in keyset pages', async () => {
      const audit = env.api!.get(AuditService);
      const officerA = (await env.credentials().authenticate(await env.userToken('audit-reader-a', 'officer')))!;
      const officerB = (await env.credentials().authenticate(await env.userToken('audit-reader-b', 'officer')))!;
      const started = new Date(Date.now() - 1000).toISOString();
      for (let i = 0; i < 5; i++) await audit.recordPersonalDataAccess(officerA, 'taxpayer', 7701, ['national_id'], 'case_review');
      for (let i = 0; i < 3; i++) await audit.recordPersonalDataAccess(officerB, 'taxpayer', 7701, ['phone'], 'link_review');
      await audit.recordPersonalDataAccess(officerB, 'taxpayer', 7702, ['phone'], 'link_review');

      const seen: Array<{ id: string; actor: { credentialId: string } }> = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await get(`/v1/audit/log?subjectType=taxpayer&subjectId=7701&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...page.body.entries);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(8);
      expect(seen.map((entry) => BigInt(entry.id))).toEqual([...seen.map((entry) => BigInt(entry.id))].sort((a, b) => (a > b ? -1 : 1)));
      expect(seen.filter((entry) => entry.actor.credentialId === officerB.credentialId)).toHaveLength(3);

      const byA = await get(`/v1/audit/log?principal=${officerA.credentialId}&action=personal_data.read`).expect(200);
      expect(byA.body.entries).toHaveLength(5);
      expect(byA.body.entries[0]).toMatchObject({ subjectType: 'taxpayer', subjectId: '7701', fields: ['national_id'], purpose: 'case_review', actor: { role: 'officer', name: 'audit-reader-a' } });
      const byUser = await get(`/v1/audit/log?principal=${officerA.userId}`).expect(200);
      expect(byUser.body.entries).toHaveLength(5);

      const inWindow = await get(`/v1/audit/log?subjectType=taxpayer&subjectId=7702&from=${encodeURIComponent(started)}`).expect(200);
      expect(inWindow.body.entries).toHaveLength(1);
      const beforeWindow = await get(`/v1/audit/log?subjectType=taxpayer&subjectId=7702&to=${encodeURIComponent(started)}`).expect(200);
      expect(beforeWindow.body).toEqual({ entries: [], nextCursor: null });
    });

    it('refuses a subject id without its type, and bad filters', async () => {
      expect((await get('/v1/audit/log?subjectId=7701').expect(400)).body.code).toBe('AUDIT_FILTER_INVALID');
      await get('/v1/audit/log?limit=100000').expect(400);
      await get('/v1/audit/log?principal=not-a-uuid').expect(400);
    });

    it('verifies the chain over HTTP for auditors and admins, and names a row a superuser changed', async () => {
      const ok = await get('/v1/audit/verify').expect(200);
      expect(ok.body).toMatchObject({ ok: true, firstBrokenLink: null });
      expect(ok.body.checkedRows).toBeGreaterThan(10);
      await get('/v1/audit/verify', 'admin').expect(200);
      await get('/v1/audit/verify', 'officer').expect(403);

      const victim = (await superuser.query(`SELECT id::text AS id, status FROM audit_log WHERE action = 'write.completed' ORDER BY id LIMIT 1`)).rows[0];
      await superuser.query(`SET session_replication_role = replica`);
      await superuser.query(`UPDATE audit_log SET status = 200 WHERE id = $1`, [victim.id]);
      await superuser.query(`SET session_replication_role = origin`);
      const broken = await get('/v1/audit/verify').expect(200);
      expect(broken.body).toMatchObject({ ok: false, firstBrokenLink: { id: victim.id, problem: 'row_hash_mismatch' } });
      expect(broken.body.firstBrokenLink.expected).not.toBe(broken.body.firstBrokenLink.found);
    });
  });
});
