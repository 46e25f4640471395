import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { databaseUrl, dropRunDatabases, newRunId, TEST_DB_PREFIX, withAdminClient } from './test-database';

/** Builds dist (end-to-end tests spawn the real processes), then migrates this run's template database. */
export default async function globalSetup(): Promise<void> {
  const runId = newRunId();
  const template = `${TEST_DB_PREFIX}${runId}_template`;
  process.env.ECT_TEST_RUN_ID = runId;
  process.env.ECT_TEST_TEMPLATE_DB = template;

  execFileSync(process.execPath, [join(__dirname, '../../node_modules/@swc/cli/bin/swc.js'), ...BUILD_ARGS], {
    cwd: join(__dirname, '../..'),
    stdio: 'ignore',
  });

  await dropRunDatabases(undefined);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(template), 2, 'ecomtax-test-setup'));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

// Keep in step with the "build" script in package.json.
export const BUILD_ARGS = ['src', 'workers', 'migrations', 'bench', '-d', 'dist', '--copy-files', '--quiet'];
