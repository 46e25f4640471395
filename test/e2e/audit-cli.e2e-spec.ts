import { runCli } from '../support/processes';
import { testEnv } from '../support/test-config';
import { TestEnv } from '../support/test-env';

/** Credentials issued from the shell are on the audit trail; one that cannot be recorded is not usable. */
describe('audit of credentials issued by the CLI', () => {
  let env: TestEnv;
  beforeAll(async () => (env = await TestEnv.create()));
  afterAll(() => env.close());

  const cli = (...args: string[]) => runCli(testEnv(env.config.database.url), args);

  it('records the issuing of a user credential and of a platform key, without the secret', async () => {
    const user = await cli('user:create', 'auditor-from-cli', '--role', 'auditor');
    const platform = await cli('platform:create', 'Sàn Kiểm Toán');
    expect([user.code, platform.code]).toEqual([0, 0]);
    const rows = (await env.dataSource.query(
      `SELECT a.subject_id, a.actor_role, a.actor_name, a.purpose, a.target, c.role
         FROM audit_log a JOIN credentials c ON c.id::text = a.subject_id
        WHERE a.action = 'credential.issued' AND a.subject_type = 'credential' ORDER BY a.id`,
    ));
    expect(rows.map((row: { purpose: string; role: string }) => [row.purpose, row.role])).toEqual([['user:create', 'auditor'], ['platform:create', 'platform']]);
    expect(rows[0].actor_role).toBe('system');
    expect(rows[0].actor_name).toMatch(/^cli:.+@.+/);
    expect(rows[0].target).toMatchObject({ role: 'auditor', userId: expect.any(String) });
    const everything = JSON.stringify(await env.dataSource.query(`SELECT * FROM audit_log`));
    expect(everything).not.toContain(user.stdout.trim().split('_')[2]);
  });

  it('prints no credential and revokes it when the audit log cannot record it', async () => {
    await env.dataSource.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_outage CHECK (action <> 'credential.issued') NOT VALID`);
    try {
      const result = await cli('user:create', 'officer-unaudited', '--role', 'officer');
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.output).toContain('AUDIT_UNAVAILABLE');
    } finally {
      await env.dataSource.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_outage`);
    }
    const [credential] = await env.dataSource.query(`SELECT c.revoked_at FROM credentials c JOIN users u ON u.id = c.user_id WHERE u.name = 'officer-unaudited'`);
    expect(credential.revoked_at).not.toBeNull();
  });
});
