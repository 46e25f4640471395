import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AuditModule } from '../src/audit/audit.module';
import { AppConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { loadConfig } from '../src/config/load-config';
import { DatabaseModule } from '../src/database/database.module';
import { JobsModule } from '../src/jobs/jobs.module';
import { MatchingModule } from '../src/matching/matching.module';
import { PiiModule } from '../src/pii/pii.module';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';

/**
 * The real matching module (same providers the worker runs) on a database of its own, for `eval:match` and
 * `bench:match`. The database is dropped and migrated afresh, so every run starts from nothing.
 */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  const dataSource = new DataSource(dataSourceOptions(url.toString(), 2, 'bench-migrate'));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return url.toString();
}

export function benchConfig(databaseUrl: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, QUEUE_PREFIX: `bench-${process.pid}`, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '4', ...extra });
}

export async function matchingContext(config: AppConfig): Promise<INestApplicationContext> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(config, 'bench-matching'),
      JobsModule.forRoot(config),
      PiiModule,
      AuditModule,
      MatchingModule,
    ],
  })
  class BenchMatchingModule {}
  return NestFactory.createApplicationContext(BenchMatchingModule, { logger: ['error', 'warn'] });
}
