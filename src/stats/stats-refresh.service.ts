import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { SqlService } from '../database/sql.service';
import { RuleBook } from '../rules/rule-book';
import { RulesService } from '../rules/rules.service';
import { CHUNK_INPUT_STATEMENTS, LOAD_CHUNK, LOAD_RULE_QUARTERS, LOAD_RULE_RATES } from './sql/chunk-inputs.sql';
import { COHORT_DELTA, DROP_EMPTY, FULL_REBUILD, REPLACE_FACTS, SUMMARY_DELTA } from './sql/delta.sql';
import { ADD_PLATFORM_FACTS, BUILD_NEW_COHORTS, BUILD_NEW_FACTS } from './sql/facts.sql';
import { ruleParamArrays, statsRuleParams, StatsRuleParams } from './stats-rule-params';

/** One refresher writes the summaries at a time, whatever job or process runs it. */
const STATS_LOCK = 0x73746174; // 'stat'
/** Entities per transaction of an incremental refresh (a full refresh is one pass over every table). */
export const STATS_CHUNK = 25_000;
/** Hash joins and aggregates over a chunk's temporary tables stay in memory (this transaction only). */
const WORK_MEM = '128MB';

/** The watermark a refresh may advance to: now, or the start of the oldest transaction still open. */
const SAFE_MARK = `
SELECT least(clock_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL)) AS mark`;

/** A full refresh recomputes every active entity in one pass (the facts of any other entity go with the TRUNCATE). */
const ALL_ACTIVE = `CREATE TEMP TABLE stats_chunk ON COMMIT DROP AS SELECT id AS entity_id FROM seller_entities WHERE is_active`;

const CHANGED_ENTITIES = `SELECT entity_id FROM reconciliation_entity_state WHERE reconciled_at >= $1`;

export interface RefreshRequest {
  trigger: 'reconciliation' | 'sweep' | 'manual';
  taxYears?: number[];
  /** Recompute every entity (a rule-version change does it by itself). */
  full?: boolean;
}

export interface RefreshSummary {
  runId: string;
  full: boolean;
  ruleVersion: number;
  entities: number;
  chunks: number;
  ms: number;
}

/**
 * Keeps the self-declaration summaries current after reconciliation. Incremental: the entities reconciliation
 * re-judged since the last refresh (reconciliation_entity_state.reconciled_at ≥ the watermark) are recomputed, and
 * their contribution to the summaries replaced by delta (sql/delta.sql.ts); a rule version that reconciliation has
 * judged everything under, and the stats have not, recomputes every entity. Idempotent: a chunk recomputed from
 * unchanged inputs changes nothing.
 */
@Injectable()
export class StatsRefreshService {
  private readonly logger = new Logger(StatsRefreshService.name);

  constructor(
    private readonly sql: SqlService,
    private readonly rules: RulesService,
  ) {}

  async refresh(request: RefreshRequest): Promise<RefreshSummary> {
    const started = Date.now();
    const book = await this.ruleBook();
    const [state] = await this.sql.query<{ since: Date; version: number | null }>(`SELECT refreshed_until AS since, rule_version AS version FROM stats_refresh_state`);
    const full = request.full === true || state.version !== book.version;
    const [{ mark }] = await this.sql.query<{ mark: Date }>(SAFE_MARK);
    const ids = full ? [] : (await this.sql.query<{ entity_id: string }>(CHANGED_ENTITIES, [state.since])).map((r) => r.entity_id).sort();
    const [{ id: runId }] = await this.sql.query<{ id: string }>(
      `INSERT INTO stats_refresh_runs (trigger, tax_years, full_refresh, rule_version) VALUES ($1, $2, $3, $4) RETURNING id::text`,
      [request.trigger, request.taxYears ?? [], full, book.version],
    );
    const params = statsRuleParams(book, await this.taxYears());
    if (params.yearsWithoutRules.length) this.logger.warn({ years: params.yearsWithoutRules, ruleVersion: book.version }, 'no rules for these tax years: nothing is estimated due in them');
    let entities = 0;
    let chunks = 0;
    if (full) {
      entities = await this.refreshAll(params);
      chunks = 1;
    }
    for (let i = 0; i < ids.length; i += STATS_CHUNK) {
      entities += await this.refreshChunk(ids.slice(i, i + STATS_CHUNK), params);
      chunks++;
    }
    await this.sql.execute(
      `UPDATE stats_refresh_state SET refreshed_until = greatest(refreshed_until, $1), rule_version = $2, refreshed_at = now()`,
      [mark, book.version],
    );
    await this.sql.execute(`UPDATE stats_refresh_runs SET finished_at = now(), chunks = $2, entities = $3 WHERE id = $1`, [runId, chunks, entities]);
    // The summaries are small (thousands of rows) but every refresh rewrites many of them: reclaim the old versions at
    // once so the endpoint reads a compact table (autovacuum may lag behind a busy machine).
    if (chunks > 0) await this.sql.execute(`VACUUM (ANALYZE) stats_self_declaration, stats_cohorts`);
    const summary = { runId, full, ruleVersion: book.version, entities, chunks, ms: Date.now() - started };
    this.logger.log(summary, 'self-declaration figures refreshed');
    return summary;
  }

  /** Whether anything waits to be refreshed (the sweep's question). */
  async pending(): Promise<boolean> {
    const book = await this.ruleBook();
    const [row] = await this.sql.query<{ pending: boolean }>(
      `SELECT s.rule_version IS DISTINCT FROM $1
              OR EXISTS (SELECT 1 FROM reconciliation_entity_state r WHERE r.reconciled_at >= s.refreshed_until) AS pending
       FROM stats_refresh_state s`,
      [book.version],
    );
    return row?.pending ?? false;
  }

  async recordFailure(error: Error): Promise<void> {
    await this.sql.execute(
      `UPDATE stats_refresh_runs SET error = $1 WHERE id = (SELECT max(id) FROM stats_refresh_runs WHERE finished_at IS NULL)`,
      [String(error.message).slice(0, 2000)],
    );
  }

  /**
   * The rule version reconciliation last judged every entity under (so estimated due and the case figures use the
   * same rules); the latest version until reconciliation has made a full run.
   */
  private async ruleBook(): Promise<RuleBook> {
    const [row] = await this.sql.query<{ version: number | null }>(`SELECT judged_rule_version AS version FROM reconciliation_watermark`);
    return row?.version ? this.rules.version(row.version) : this.rules.current();
  }

  private async taxYears(): Promise<number[]> {
    const [row] = await this.sql.query<{ lo: number | null; hi: number | null }>(`SELECT min(tax_year) AS lo, max(tax_year) AS hi FROM entity_periods`);
    if (row?.lo === null || row?.lo === undefined || row.hi === null) return [];
    return Array.from({ length: row.hi - row.lo + 1 }, (_, i) => row.lo! + i);
  }

  /** Every active entity in one transaction: one pass over each input table, facts replaced, summaries rebuilt. */
  private async refreshAll(params: StatsRuleParams): Promise<number> {
    return this.sql.withRawTransaction(async (client) => {
      await this.prepare(client, params);
      await client.query(ALL_ACTIVE);
      const entities = await this.compute(client);
      await runAll(client, FULL_REBUILD);
      return entities;
    });
  }

  /** Some entities: their old contributions to the summaries replaced by their new ones (sql/delta.sql.ts). */
  private async refreshChunk(ids: string[], params: StatsRuleParams): Promise<number> {
    return this.sql.withRawTransaction(async (client) => {
      await this.prepare(client, params);
      await client.query(LOAD_CHUNK, [ids]);
      const entities = await this.compute(client);
      await runAll(client, [SUMMARY_DELTA, COHORT_DELTA, ...DROP_EMPTY, ...REPLACE_FACTS]);
      return entities;
    });
  }

  private async prepare(client: PoolClient, params: StatsRuleParams): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock($1)`, [STATS_LOCK]);
    await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
    const arrays = ruleParamArrays(params);
    await client.query(LOAD_RULE_QUARTERS, arrays.slice(0, 6));
    await client.query(LOAD_RULE_RATES, arrays.slice(6));
  }

  /** The chunk's new fact rows, from stats_chunk; returns the number of entities in the chunk. */
  private async compute(client: PoolClient): Promise<number> {
    await client.query(`ANALYZE stats_chunk`);
    await runAll(client, [...CHUNK_INPUT_STATEMENTS, BUILD_NEW_FACTS, ADD_PLATFORM_FACTS, BUILD_NEW_COHORTS]);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM stats_chunk`);
    return rows[0].n;
  }
}

/** Runs statements in order; a temporary table is analysed once built, so the next joins are planned on its real size. */
async function runAll(client: PoolClient, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    await client.query(statement);
    const created = /^\s*CREATE TEMP TABLE (\w+)/.exec(statement);
    if (created) await client.query(`ANALYZE ${created[1]}`);
  }
}
