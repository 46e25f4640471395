import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { refreshPlannerStatistics } from '../database/planner-statistics';
import { SqlService } from '../database/sql.service';
import { todayInVietnam } from '../identifiers/vietnam-date';
import { RuleBook, RuleMissingError } from '../rules/rule-book';
import { RulesService } from '../rules/rules.service';
import { latestPassedDeadline, TaxYearRules, taxYearRules } from '../rules/tax-year-rules';
import { readEntityFacts } from './entity-facts.reader';
import { EntityYearVerdict } from './entity-year-facts';
import { ReconciliationFollowUps } from './reconciliation-follow-ups';
import { evaluateEntityYear } from './signal-evaluator';
import { ADD_YEAR_PERIODS, BUILD_ENTITY_PERIODS, BUILD_SHOP_QUARTERS, MERGE_ENTITY_PERIODS, MERGE_SHOP_QUARTERS } from './sql/figures.sql';
import { ALL_ENTITIES, CHANGED_ENTITIES, INPUT_FINGERPRINTS, SAFE_WATERMARK, STORE_FINGERPRINTS } from './sql/incremental.sql';
import { writeVerdicts } from './verdict.writer';

/** Bumped when the reconciliation logic changes, so every entity's fingerprint changes and all are judged again. */
export const RECONCILIATION_LOGIC_VERSION = 'recon-1';
const CHUNK = 500;
/** What a run writes and the next run, the case queue and statistics read. */
const RECONCILIATION_OUTPUT_TABLES = ['entity_shop_quarters', 'entity_periods', 'signals', 'cases', 'reconciliation_entity_state'];
/** Advisory-lock namespace: one reconciler at a time per entity, whatever job or process runs it. */
const ENTITY_LOCK_NS = 0x7265636e; // 'recn'

export interface ReconcileRequest {
  runId: string;
  trigger: 'matching' | 'scan' | 'all' | 'manual';
  entityIds?: string[];
  scope?: 'changed' | 'all';
  /** The judgment date (default: today in Vietnam). Quarters whose filing deadline is before it are judged. */
  asOf?: string;
  /** Judge even entities whose input fingerprint did not change. */
  force?: boolean;
}

export interface RunSummary {
  runId: string;
  ruleVersion: number;
  entitiesConsidered: number;
  entitiesReconciled: number;
  signalsChanged: number;
  casesProposed: number;
  casesUpdated: number;
  casesReopened: number;
  taxYears: number[];
}

@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly sql: SqlService,
    private readonly rules: RulesService,
    private readonly followUps: ReconciliationFollowUps,
  ) {}

  async run(request: ReconcileRequest): Promise<RunSummary> {
    const asOf = request.asOf ?? todayInVietnam();
    const book = await this.rules.current();
    const deadline = latestPassedDeadline(book, asOf);
    const context = `${RECONCILIATION_LOGIC_VERSION}|v${book.version}|${deadline}`;
    await this.sql.execute(`INSERT INTO reconciliation_runs (run_id, trigger) VALUES ($1, $2) ON CONFLICT (run_id) DO NOTHING`, [request.runId, request.trigger]);
    const [{ mark }] = await this.sql.query<{ mark: Date }>(SAFE_WATERMARK);
    const { ids: candidates, complete } = await this.candidates(request);
    const summary: RunSummary = { runId: request.runId, ruleVersion: book.version, entitiesConsidered: candidates.length, entitiesReconciled: 0, signalsChanged: 0, casesProposed: 0, casesUpdated: 0, casesReopened: 0, taxYears: [] };
    const years = new Set<number>();
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const chunk = await this.reconcileChunk(candidates.slice(i, i + CHUNK), { book, context, asOf, runId: request.runId, force: request.force ?? false });
      summary.entitiesReconciled += chunk.reconciled;
      summary.signalsChanged += chunk.signalsChanged;
      summary.casesProposed += chunk.casesProposed;
      summary.casesUpdated += chunk.casesUpdated;
      summary.casesReopened += chunk.casesReopened;
      chunk.taxYears.forEach((y) => years.add(y));
    }
    summary.taxYears = [...years].sort();
    await this.finish(request, summary, complete ? mark : null, deadline);
    if (summary.entitiesReconciled > 0) await refreshPlannerStatistics((text, params) => this.sql.query(text, params), RECONCILIATION_OUTPUT_TABLES);
    await this.followUps.afterRun(request.runId, summary.entitiesReconciled > 0 ? summary.taxYears : []);
    this.logger.log(summary, 'reconciliation run finished');
    return summary;
  }

  /** The entities to consider; `complete` when they cover every change since the watermark (the watermark may move). */
  private async candidates(request: ReconcileRequest): Promise<{ ids: string[]; complete: boolean }> {
    if (request.entityIds) return { ids: [...new Set(request.entityIds)].sort(), complete: false };
    if (request.scope === undefined) {
      // A matching run announced by id only: the entities it recorded as touched.
      const touched = await this.sql.query<{ entity_id: string }>(`SELECT entity_id FROM match_run_entities WHERE run_id::text = $1`, [request.runId]);
      if (touched.length) return { ids: touched.map((r) => r.entity_id).sort(), complete: false };
    }
    if (request.scope === 'all') return { ids: (await this.sql.query<{ entity_id: string }>(ALL_ENTITIES)).map((r) => r.entity_id).sort(), complete: true };
    const [{ since }] = await this.sql.query<{ since: Date }>(`SELECT scanned_until AS since FROM reconciliation_watermark`);
    return { ids: (await this.sql.query<{ entity_id: string }>(CHANGED_ENTITIES, [since])).map((r) => r.entity_id).sort(), complete: true };
  }

  private async finish(request: ReconcileRequest, s: RunSummary, mark: Date | null, deadline: string): Promise<void> {
    await this.sql.execute(
      `UPDATE reconciliation_runs SET finished_at = now(), entities_considered = $2, entities_reconciled = entities_reconciled + $3,
              signals_changed = signals_changed + $4, cases_proposed = cases_proposed + $5, cases_updated = cases_updated + $6,
              cases_reopened = cases_reopened + $7, tax_years = $8 WHERE run_id = $1`,
      [request.runId, s.entitiesConsidered, s.entitiesReconciled, s.signalsChanged, s.casesProposed, s.casesUpdated, s.casesReopened, s.taxYears],
    );
    if (mark === null) return; // a list of entities says nothing about the rest: the watermark stays
    await this.sql.execute(
      `UPDATE reconciliation_watermark SET scanned_until = greatest(scanned_until, $1), updated_at = now(),
              judged_rule_version = CASE WHEN $2 THEN $3 ELSE judged_rule_version END,
              judged_deadline = CASE WHEN $2 THEN $4::date ELSE judged_deadline END`,
      [mark, request.scope === 'all', s.ruleVersion, deadline || null],
    );
  }

  private async reconcileChunk(
    ids: string[],
    run: { book: RuleBook; context: string; asOf: string; runId: string; force: boolean },
  ): Promise<{ reconciled: number; signalsChanged: number; casesProposed: number; casesUpdated: number; casesReopened: number; taxYears: number[] }> {
    return this.sql.withRawTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock($2, k) FROM (SELECT hashtext(id) AS k FROM unnest($1::text[]) id ORDER BY 1) s`, [ids, ENTITY_LOCK_NS]);
      const fingerprints = (await client.query(INPUT_FINGERPRINTS, [ids, run.context])).rows as Array<{ entity_id: string; fingerprint: string; stored: string | null }>;
      const dirty = fingerprints.filter((f) => run.force || f.fingerprint !== f.stored);
      if (dirty.length === 0) return { reconciled: 0, signalsChanged: 0, casesProposed: 0, casesUpdated: 0, casesReopened: 0, taxYears: [] };
      const dirtyIds = dirty.map((f) => f.entity_id);
      await this.buildFigures(client, dirtyIds);
      const facts = await readEntityFacts(client, dirtyIds);
      const verdicts = this.judge(facts, run.book, run.asOf);
      const written = await writeVerdicts(client, dirtyIds, verdicts, { runId: run.runId, ruleVersion: run.book.version });
      await client.query(STORE_FINGERPRINTS, [dirtyIds, dirty.map((f) => f.fingerprint), dirtyIds.map(() => run.runId)]);
      return { reconciled: dirtyIds.length, ...written };
    });
  }

  private async buildFigures(client: PoolClient, ids: string[]): Promise<void> {
    const exec = (sql: string) => client.query(sql, sql.includes('$1') ? [ids] : []);
    for (const statement of [BUILD_SHOP_QUARTERS, ...MERGE_SHOP_QUARTERS, BUILD_ENTITY_PERIODS, ADD_YEAR_PERIODS, ...MERGE_ENTITY_PERIODS]) {
      await exec(statement);
    }
  }

  private judge(facts: Awaited<ReturnType<typeof readEntityFacts>>, book: RuleBook, asOf: string): EntityYearVerdict[] {
    const years = new Map<number, TaxYearRules | null>();
    const verdicts: EntityYearVerdict[] = [];
    for (const f of facts) {
      if (!years.has(f.taxYear)) years.set(f.taxYear, this.yearRules(book, f.taxYear));
      const rules = years.get(f.taxYear);
      if (rules) verdicts.push(evaluateEntityYear(f, rules, asOf));
    }
    return verdicts;
  }

  private yearRules(book: RuleBook, year: number): TaxYearRules | null {
    try {
      return taxYearRules(book, year);
    } catch (error) {
      if (!(error instanceof RuleMissingError)) throw error;
      this.logger.warn({ year, ruleVersion: book.version, missing: error.message }, 'no rules for this tax year: its figures are kept, nothing is judged');
      return null;
    }
  }
}
