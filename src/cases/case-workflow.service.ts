import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { Principal } from '../auth/principal';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqlService } from '../database/sql.service';
import { addDays, todayInVietnam } from '../identifiers/vietnam-date';
import type { CaseStatus } from '../reconciliation/signal-codes';
import { appendCaseEvent } from './case-events';
import { CaseLetterFacts } from './letter/case-letter-facts';
import { allowedTransitions, isAdverse, isLegalTransition, transitionNeedsReason } from './case-transitions';
import { CaseErrors } from './cases.errors';

interface LockedCase {
  id: string;
  status: CaseStatus;
  version: number;
  assigned_to: string | null;
  waiting_on: string | null;
  estimate: string;
}

export interface WorkflowResult {
  id: string;
  status: CaseStatus;
  assignedTo: string | null;
  version: number;
}

/**
 * Officers' changes to a case: transitions, assignment, notes. Each is one transaction that locks the case row,
 * checks the version the officer decided on (409 CASE_VERSION_STALE otherwise: reconciliation bumps it too when the
 * evidence changes), changes it, and appends a case event (actor, from, to, reason).
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly sql: SqlService,
    private readonly letterFacts: CaseLetterFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async transition(caseId: string, input: { to: CaseStatus; version: number; reason?: string }, officer: Principal): Promise<WorkflowResult> {
    const reason = input.reason?.trim() || undefined;
    return this.sql.withRawTransaction(async (client) => {
      const current = await this.lock(client, caseId, input.version);
      const from = current.status;
      if (!isLegalTransition(from, input.to)) throw CaseErrors.transitionIllegal(from, input.to, allowedTransitions(from));
      if (transitionNeedsReason(from, input.to) && !reason) throw CaseErrors.reasonRequired(input.to);
      const actor = officer.userId ?? null;
      if (current.assigned_to && current.assigned_to !== actor) throw CaseErrors.assignedToAnother(caseId);
      if (isAdverse(input.to) && current.waiting_on === 'link_review') throw CaseErrors.waitingOnLinkReview(caseId);
      if (isAdverse(input.to) && BigInt(current.estimate) <= 0n) throw CaseErrors.noEvidence(caseId);
      // Taking a case into review takes it on: an unassigned case becomes the reviewing officer's.
      const assignee = input.to === 'in_review' && !current.assigned_to ? actor : current.assigned_to;
      const updated = await this.update(client, caseId, `status = $2, assigned_to = $3`, [input.to, assignee]);
      const detail: Record<string, unknown> = { reason: reason ?? null, version: updated.version };
      if (assignee !== current.assigned_to) detail.assignedTo = assignee;
      if (input.to === 'notified') detail.notification = await this.recordNotification(client, caseId, officer);
      await appendCaseEvent(client, caseId, officer, 'transition', { from, to: input.to, detail });
      return updated;
    });
  }

  async assign(caseId: string, input: { userId: string | null; version: number }, officer: Principal): Promise<WorkflowResult> {
    return this.sql.withRawTransaction(async (client) => {
      const current = await this.lock(client, caseId, input.version);
      if (input.userId) {
        const { rowCount } = await client.query(`SELECT 1 FROM users WHERE id = $1 AND role = 'officer'`, [input.userId]);
        if (!rowCount) throw CaseErrors.assigneeInvalid(input.userId);
      }
      const updated = await this.update(client, caseId, `assigned_to = $2`, [input.userId]);
      await appendCaseEvent(client, caseId, officer, 'assigned', {
        from: current.status, to: current.status, detail: { previousAssignee: current.assigned_to, assignee: input.userId, version: updated.version },
      });
      return updated;
    });
  }

  /** Notes do not change the case (no version needed): they are appended to its history. */
  async note(caseId: string, text: string, officer: Principal): Promise<{ id: string }> {
    return this.sql.withRawTransaction(async (client) => {
      const { rowCount } = await client.query(`SELECT 1 FROM cases WHERE id = $1`, [caseId]);
      if (!rowCount) throw CaseErrors.notFound(caseId);
      await appendCaseEvent(client, caseId, officer, 'note', { detail: { text } });
      const { rows } = await client.query<{ id: string }>(`SELECT max(id)::text AS id FROM case_events WHERE case_id = $1`, [caseId]);
      return { id: rows[0].id };
    });
  }

  private async lock(client: PoolClient, caseId: string, version: number): Promise<LockedCase> {
    const { rows } = await client.query<LockedCase>(
      `SELECT id, status, version, assigned_to, waiting_on, estimated_tax_at_risk::text AS estimate FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    if (rows.length === 0) throw CaseErrors.notFound(caseId);
    if (rows[0].version !== version) throw CaseErrors.versionStale(caseId, version, rows[0].version);
    return rows[0];
  }

  private async update(client: PoolClient, caseId: string, set: string, params: unknown[]): Promise<WorkflowResult> {
    const { rows } = await client.query(
      `UPDATE cases SET ${set}, version = version + 1, updated_at = now() WHERE id = $1
       RETURNING id, status, assigned_to AS "assignedTo", version`,
      [caseId, ...params],
    );
    return rows[0];
  }

  /** The notification: its Vietnam date, the response deadline (CASE_RESPONSE_DAYS later) and the figures stated. */
  private async recordNotification(client: PoolClient, caseId: string, officer: Principal): Promise<Record<string, unknown>> {
    const notifiedOn = todayInVietnam();
    const days = this.config.cases.responseDays;
    const due = addDays(notifiedOn, days);
    const figures = await this.letterFacts.figures(client, caseId);
    await client.query(
      `INSERT INTO case_notifications (case_id, notified_on, response_days, response_due, notified_by, figures) VALUES ($1, $2, $3, $4, $5, $6)`,
      [caseId, notifiedOn, days, due, officer.userId ?? officer.credentialId, JSON.stringify(figures)],
    );
    return { notifiedOn, responseDays: days, responseDue: due };
  }
}
