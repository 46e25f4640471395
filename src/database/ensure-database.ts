import { withPgClient } from './with-pg-client';

/** Creates the database named in the URL if it does not exist yet (convenience for a fresh machine). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error('database name may hold only letters, digits and _');
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  return withPgClient(adminUrl.toString(), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}
