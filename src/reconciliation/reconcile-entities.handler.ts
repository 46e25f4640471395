import { Injectable, Logger } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import { todayInVietnam } from '../identifiers/vietnam-date';
import { JobHandler } from '../jobs/job-handler.decorator';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobData } from '../jobs/job-registry';
import { Sweep } from '../jobs/sweep.decorator';
import { RulesService } from '../rules/rules.service';
import { latestPassedDeadline } from '../rules/tax-year-rules';
import { ReconciliationService } from './reconciliation.service';
import { CHANGED_ENTITIES } from './sql/incremental.sql';

/**
 * The reconciliation job and its sweep. The job is idempotent by construction: entities whose inputs did not
 * change are skipped, and what is recomputed is written only where it differs.
 */
@Injectable()
export class ReconcileEntitiesHandler {
  private readonly logger = new Logger(ReconcileEntitiesHandler.name);

  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly rules: RulesService,
    private readonly sql: SqlService,
    private readonly jobs: JobQueueService,
  ) {}

  @JobHandler('reconciliation.reconcile-entities')
  async handle(data: JobData<'reconciliation.reconcile-entities'>): Promise<void> {
    // Identity resolution sends entity ids or its run id alone; the sweep and rule changes send a scope.
    const trigger = data.scope === 'all' ? 'all' : data.scope === 'changed' ? 'scan' : 'matching';
    await this.reconciliation.run({ runId: data.runId, trigger, entityIds: data.entityIds, scope: data.scope });
  }

  /**
   * What Redis may have lost, and what no other stage announces (declarations, invoices, registry changes, a passed
   * filing deadline, a new rule version): a full run when the rule version or the latest passed deadline moved
   * since the last one; otherwise a scan when any input changed since the watermark.
   */
  @Sweep('reconciliation.changes')
  async sweep(): Promise<void> {
    const book = await this.rules.current();
    const deadline = latestPassedDeadline(book, todayInVietnam());
    const [wm] = await this.sql.query<{ since: Date; version: number | null; deadline: string | null }>(
      `SELECT scanned_until AS since, judged_rule_version AS version, judged_deadline::text AS deadline FROM reconciliation_watermark`,
    );
    if (!wm) return;
    if (wm.version !== book.version || (wm.deadline ?? '') !== deadline) {
      const key = `all-v${book.version}-${deadline || 'none'}`;
      await this.jobs.enqueue('reconciliation.reconcile-entities', { runId: key, scope: 'all' }, key);
      return;
    }
    const changed = await this.sql.query(`SELECT 1 FROM (${CHANGED_ENTITIES}) c LIMIT 1`, [wm.since]);
    if (changed.length === 0) return;
    // One scan per minute at most; the run id names the minute so a later scan is a new job, not a duplicate.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const key = `scan-${minute.replace(/[:.]/g, '')}`;
    await this.jobs.enqueue('reconciliation.reconcile-entities', { runId: key, scope: 'changed' }, key);
    this.logger.debug({ key }, 'reconciliation scan enqueued');
  }
}
