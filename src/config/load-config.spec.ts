import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('defaults to the services on 127.0.0.1', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/ecomtax');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.secrets.piiEncryptionKey).toHaveLength(32);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'nonsense', PORT: 'eighty', DATABASE_URL: 'mysql://x/y', PII_ENCRYPTION_KEY: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['REDIS_URL', 'PORT', 'DATABASE_URL', 'PII_ENCRYPTION_KEY']) expect(message).toContain(name);
  });

  it('refuses the public development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CREDENTIAL_PEPPER.*PII_ENCRYPTION_KEY.*PII_INDEX_KEY/);
    const config = loadConfig({
      NODE_ENV: 'production',
      CREDENTIAL_PEPPER: 'x'.repeat(40),
      PII_ENCRYPTION_KEY: 'ab'.repeat(32),
      PII_INDEX_KEY: 'cd'.repeat(32),
    });
    expect(config.env).toBe('production');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
