import { AppConfig } from '../config/app-config';
import { ensureDatabaseExists } from '../database/ensure-database';
import { withDataSource } from './cli-context';

/** Creates the database if needed and applies every pending migration, each in its own transaction. */
export async function migrate(config: AppConfig, log: (line: string) => void): Promise<void> {
  if (await ensureDatabaseExists(config.database.url)) log('created database');
  await withDataSource(config, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
  });
}
