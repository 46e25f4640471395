import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { PoolClient } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { copyLines } from '../sql/copy-rows';
import { tableSize } from '../sql/table-size';
import { CREATE_FEATURE_STAGE, FEATURE_STAGE_COLUMNS, SELLER_FIELDS, TAXPAYER_FIELDS, TAXPAYER_IDENTIFIERS, upsertFeatures } from './feature-sql';
import { FeaturePool } from './feature-pool';
import { StageRow } from './stage-lines';

const PAGE = 20_000;

type SourceRow = StageRow;

/**
 * Keeps `match_seller_features` / `match_taxpayer_features` in step with the current observation / registry
 * version. A page of source rows at a time is turned into feature rows on worker threads (stage-lines.ts: names and
 * addresses through src/identifiers, blocking keys, ID fragments) and COPYed back, while PostgreSQL writes the
 * previous page. Features are a cache of the source rows: recomputing them is always safe, so each page commits
 * on its own.
 */
@Injectable()
export class FeatureRefreshService implements OnModuleDestroy {
  private readonly pool: FeaturePool;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pool = new FeaturePool({ encryption: config.secrets.piiEncryptionKey, fragments: this.fragmentKey });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  /** HMAC-derived key for ID-fragment hashes: not the blind-index key itself, so the two can never be confused. */
  get fragmentKey(): Buffer {
    return createHmac('sha256', this.config.secrets.piiIndexKey).update('ect-matching-id-fragments-v1').digest();
  }

  /** Sellers of the run whose features are missing or older than their current observation. Returns how many were written. */
  async refreshSellers(client: PoolClient, runId: string): Promise<number> {
    await this.dropFeaturesOfGoneSellers(client, runId);
    return this.pages(client, 'match_seller_features', 'seller_id', (after) =>
      client.query<SourceRow>(
        `SELECT ps.id, ps.current_version AS version, ${SELLER_FIELDS}
         FROM match_run_sellers rs
         JOIN platform_sellers ps ON ps.id = rs.seller_id AND ps.is_active
         JOIN seller_observations o ON o.seller_id = ps.id AND o.version = ps.current_version AND NOT o.is_deleted
         LEFT JOIN match_seller_features f ON f.seller_id = ps.id
         WHERE rs.run_id = $1 AND rs.seller_id > $2 AND (f.seller_id IS NULL OR f.version <> ps.current_version)
         ORDER BY rs.seller_id LIMIT $3`,
        [runId, after, PAGE],
      ),
    );
  }

  /**
   * Taxpayers whose features are missing or stale, plus those a registry batch gave new identifiers. Their ids go
   * to `tmp_match_changed_taxpayers` (with the blocking keys they had before) so the caller can find the sellers
   * they can affect.
   */
  async refreshTaxpayers(client: PoolClient, batchId: string | null): Promise<number> {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_match_changed_taxpayers (taxpayer_id bigint PRIMARY KEY, old_keys bigint[])`);
    await client.query(`TRUNCATE tmp_match_changed_taxpayers`);
    await client.query(
      `INSERT INTO tmp_match_changed_taxpayers (taxpayer_id, old_keys)
       SELECT t.id, f.skeys || f.bkeys FROM taxpayers t LEFT JOIN match_taxpayer_features f ON f.taxpayer_id = t.id
       WHERE (t.merged_into IS NULL AND (f.taxpayer_id IS NULL OR f.version <> t.current_version))
          OR (t.merged_into IS NOT NULL AND f.taxpayer_id IS NOT NULL)
       UNION
       SELECT c.taxpayer_id, f.skeys || f.bkeys FROM taxpayer_changes c LEFT JOIN match_taxpayer_features f ON f.taxpayer_id = c.taxpayer_id
       WHERE $1::uuid IS NOT NULL AND c.batch_id = $1
       ON CONFLICT DO NOTHING`,
      [batchId],
    );
    // A record the registry merged into another is no longer anyone to link to (its identifiers moved to the survivor).
    await client.query(
      `DELETE FROM match_taxpayer_features f USING tmp_match_changed_taxpayers c, taxpayers t
       WHERE f.taxpayer_id = c.taxpayer_id AND t.id = c.taxpayer_id AND t.merged_into IS NOT NULL`,
    );
    return this.pages(client, 'match_taxpayer_features', 'taxpayer_id', (after) =>
      client.query<SourceRow>(
        `SELECT t.id, t.current_version AS version, ${TAXPAYER_FIELDS}
         FROM tmp_match_changed_taxpayers c
         JOIN taxpayers t ON t.id = c.taxpayer_id AND t.merged_into IS NULL
         JOIN taxpayer_versions v ON v.taxpayer_id = t.id AND v.version = t.current_version
         ${TAXPAYER_IDENTIFIERS}
         WHERE c.taxpayer_id > $1 ORDER BY c.taxpayer_id LIMIT $2`,
        [after, PAGE],
      ),
    );
  }

  /**
   * Reads a page, hands it to the parser pool, and meanwhile writes the previous page: parsing (Node) and writing
   * (PostgreSQL) overlap. Each page commits on its own.
   */
  private async pages(
    client: PoolClient,
    table: string,
    idColumn: string,
    read: (after: string) => Promise<{ rows: SourceRow[] }>,
  ): Promise<number> {
    await client.query(CREATE_FEATURE_STAGE);
    const upsert = upsertFeatures(table, idColumn);
    let written = 0;
    let after = '0';
    let previous: Promise<string> | null = null;
    for (;;) {
      const { rows } = await read(after);
      const parsing = rows.length > 0 ? this.pool.parse(rows) : null;
      parsing?.catch(() => undefined); // awaited below; do not let a rejection go unobserved meanwhile
      if (previous) await this.writePage(client, upsert, await previous);
      if (!parsing) break;
      written += rows.length;
      after = rows[rows.length - 1].id;
      previous = parsing;
    }
    if (written > 0) await this.settle(client, table, written);
    return written;
  }

  private async writePage(client: PoolClient, upsert: string, lines: string): Promise<void> {
    await client.query('BEGIN');
    try {
      await copyLines(client, 'tmp_match_feat', FEATURE_STAGE_COLUMNS, [lines]);
      await client.query(upsert);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * GIN indexes take bulk inserts into a pending list that every lookup then scans linearly: merge it into the
   * index now, and refresh the planner's statistics, so that the next lookups are index-fast.
   */
  private async settle(client: PoolClient, table: string, written: number): Promise<void> {
    for (const column of ['skeys', 'bkeys']) await client.query(`SELECT gin_clean_pending_list($1::regclass)`, [`${table}_${column}_gin`]);
    // Statistics only move when a good share of the table did (a 1,000-seller batch need not re-sample millions).
    if (written >= 0.1 * (await tableSize(client, table))) await client.query(`ANALYZE ${table}`);
  }

  private async dropFeaturesOfGoneSellers(client: PoolClient, runId: string): Promise<void> {
    await client.query(
      `DELETE FROM match_seller_features WHERE seller_id IN (
         SELECT rs.seller_id FROM match_run_sellers rs
         JOIN platform_sellers ps ON ps.id = rs.seller_id
         LEFT JOIN seller_observations o ON o.seller_id = ps.id AND o.version = ps.current_version
         WHERE rs.run_id = $1 AND (NOT ps.is_active OR o.id IS NULL OR o.is_deleted))`,
      [runId],
    );
  }
}
