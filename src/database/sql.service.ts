import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { isRetryableTransactionError } from './pg-errors';

/**
 * Raw PostgreSQL access for bulk paths (COPY, set-based SQL) on the same pool TypeORM uses,
 * and one transaction per use case, retried on deadlock or serialization failure.
 */
@Injectable()
export class SqlService {
  constructor(readonly dataSource: DataSource) {}

  /** Borrows a raw pg client (needed for COPY streams) from TypeORM's pool. */
  async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return await work((runner as unknown as { databaseConnection: PoolClient }).databaseConnection);
    } finally {
      await runner.release();
    }
  }

  /** BEGIN … COMMIT on a raw client; rolls back on any error. Retries the whole unit on deadlock/serialization. */
  async withRawTransaction<T>(work: (client: PoolClient) => Promise<T>, retries = 3): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.withClient(async (client) => {
          await client.query('BEGIN');
          try {
            const result = await work(client);
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        });
      } catch (error) {
        if (attempt >= retries || !isRetryableTransactionError(error)) throw error;
        await sleep(20 * 2 ** attempt);
      }
    }
  }

  /** A TypeORM transaction for the transactional parts, with the same retry rule. */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>, retries = 3): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= retries || !isRetryableTransactionError(error)) throw error;
        await sleep(20 * 2 ** attempt);
      }
    }
  }

  /** Rows of one statement (any kind, RETURNING included), straight from pg. */
  async query<R = Record<string, any>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.withClient(async (client) => (await client.query(sql, params)).rows as R[]);
  }

  /** The number of rows one statement touched. */
  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.withClient(async (client) => (await client.query(sql, params)).rowCount ?? 0);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
