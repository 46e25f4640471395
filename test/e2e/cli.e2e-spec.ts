import request from 'supertest';
import { runCli } from '../support/processes';
import { testEnv } from '../support/test-config';
import { TestEnv } from '../support/test-env';

/** Scripts capture a new credential as the last line of stdout; the credential then works, once, for its role. */
describe('administration CLI', () => {
  let env: TestEnv;
  beforeAll(async () => (env = await TestEnv.create()));
  afterAll(() => env.close());

  const cli = (...args: string[]) => runCli(testEnv(env.config.database.url), args);

  it('creates a platform and prints its API key alone on the last line of stdout', async () => {
    const result = await cli('platform:create', 'Sàn Thử Nghiệm');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ect_[0-9A-Za-z]{12}_[0-9A-Za-z]{32}$/);
    const stored = await env.dataSource.query(`SELECT key_hash FROM credentials c JOIN platforms p ON p.id = c.platform_id WHERE p.code = 'san-thu-nghiem'`);
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0].key_hash).toString('utf8')).not.toContain(lines[0].slice(17));
  });

  it('creates users whose credential carries their role', async () => {
    const officer = await cli('user:create', 'officer-cli', '--role', 'officer');
    const token = officer.stdout.trim().split('\n').pop()!;
    await request(env.http).get('/v1/status').set('Authorization', `Bearer ${token}`).expect(200);
    await request(env.http).post('/v1/ops/probes').set('Authorization', `Bearer ${token}`).send({}).expect(403);
  });

  it('rotates a platform key: the old one stops working', async () => {
    const created = await cli('platform:create', 'Rotating Platform');
    const oldKey = created.stdout.trim();
    const rotated = await cli('platform:rotate-key', 'rotating-platform');
    const newKey = rotated.stdout.trim();
    expect(newKey).not.toBe(oldKey);
    expect(await env.credentials().authenticate(oldKey)).toBeUndefined();
    expect((await env.credentials().authenticate(newKey))?.platformCode).toBe('rotating-platform');
  });

  it('refuses an unknown role and a duplicate name with a clear message and no credential', async () => {
    const badRole = await cli('user:create', 'someone', '--role', 'superuser');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stdout).toBe('');
    expect(badRole.output).toContain('ROLE_INVALID');
    await cli('user:create', 'twice', '--role', 'auditor');
    const duplicate = await cli('user:create', 'twice', '--role', 'auditor');
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.output).toContain('USER_EXISTS');
  });

  it('prints usage for an unknown command', async () => {
    const result = await cli('frobnicate');
    expect(result.code).toBe(64);
    expect(result.output).toContain('usage:');
  });
});
