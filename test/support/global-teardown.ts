import { dropRunDatabases } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await dropRunDatabases(process.env.ECT_TEST_RUN_ID);
}
