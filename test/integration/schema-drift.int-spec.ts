import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Migrations are the only schema path; this fails the build when the entities say something else. */
describe('schema drift', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('has no pending migration after the template was migrated', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  // The database may hold more safety than the entities can express (CHECKs, foreign keys, partial unique
  // indexes, triggers): TypeORM proposes to drop those, and that is not drift. Everything else it proposes is.
  const DATABASE_ONLY_SAFETY = [/^ALTER TABLE "[^"]+" DROP CONSTRAINT "[^"]+"$/, /^DROP INDEX "public"\."[^"]+"$/];

  it('needs no schema change to match the entities', async () => {
    const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
    const drift = sqlInMemory.upQueries
      .map((query) => query.query)
      .filter((query) => !DATABASE_ONLY_SAFETY.some((pattern) => pattern.test(query)));
    expect(drift).toEqual([]);
  });

  it('still notices when the database lacks what an entity declares', async () => {
    await dataSource.query('DROP INDEX batches_platform_created_idx');
    const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
    expect(sqlInMemory.upQueries.map((query) => query.query).join('\n')).toContain('batches_platform_created_idx');
    await dataSource.query('CREATE INDEX batches_platform_created_idx ON batches (platform_id, created_at)');
  });

  it('lists every migration file in migrations/index.ts', () => {
    const files = readdirSync(join(__dirname, '../../migrations')).filter((file) => /^\d{13}-.+\.ts$/.test(file));
    const listed = ALL_MIGRATIONS.map((migration) => migration.name.replace(/^(.*?)(\d{13})$/, '$2-$1'));
    expect(files.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual(listed.sort());
  });

  it('can roll every migration back and apply it again', async () => {
    const runner = dataSource;
    for (let i = 0; i < ALL_MIGRATIONS.length; i++) await runner.undoLastMigration({ transaction: 'each' });
    expect(await runner.showMigrations()).toBe(true);
    await runner.runMigrations({ transaction: 'each' });
    expect(await runner.showMigrations()).toBe(false);
  });
});
