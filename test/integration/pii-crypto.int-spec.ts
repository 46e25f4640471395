import { Client } from 'pg';
import { blindIndex, decryptPii, encryptPii, maskIdentifier, piiSql } from '../../src/pii/pii-crypto';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Bulk intake encrypts in SQL, the API decrypts in Node: both sides must speak the same scheme. */
describe('PII crypto: SQL and Node agree', () => {
  let db: TestDatabase;
  let client: Client;
  const key = Buffer.alloc(32, 3);
  const indexKey = Buffer.alloc(32, 5);
  const values = ['079203001234', '+84912345678', '123456789', 'Ngô Thị Ánh'];

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it.each(values)('SQL-encrypted %s decrypts in Node and vice versa', async (value) => {
    const sqlEncrypted = (await client.query(`SELECT ${piiSql.encrypt('$1::text', '$2::bytea')} AS v`, [value, key])).rows[0].v;
    expect(decryptPii(sqlEncrypted, key)).toBe(value);
    const nodeEncrypted = encryptPii(value, key);
    const decrypted = (await client.query(`SELECT ${piiSql.decrypt('$1::bytea', '$2::bytea')} AS v`, [nodeEncrypted, key])).rows[0].v;
    expect(decrypted).toBe(value);
  });

  it.each(values)('blind index and mask of %s are identical', async (value) => {
    const row = (await client.query(`SELECT ${piiSql.blindIndex('$1::text', '$2::bytea')} AS b, ${piiSql.mask('$1::text')} AS m`, [value, indexKey])).rows[0];
    expect(Buffer.from(row.b).equals(blindIndex(value, indexKey))).toBe(true);
    expect(row.m).toBe(maskIdentifier(value));
  });
});
