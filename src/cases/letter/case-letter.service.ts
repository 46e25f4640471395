import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Principal } from '../../auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SqlService } from '../../database/sql.service';
import { addDays, todayInVietnam } from '../../identifiers/vietnam-date';
import { CaseErrors } from '../cases.errors';
import { CaseLetterFacts, LetterFigures } from './case-letter-facts';
import { LetterDates, letterContent } from './letter-content';
import { renderLetterHtml } from './letter-html';
import { renderLetterPdf } from './letter-pdf';

export interface RenderedLetter {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}

/**
 * The notification letter of a case. A confirmed case gets a draft (today's figures, deadline counted from today);
 * once notified, the letter is re-made from the figures and deadline recorded at notification, so it always says
 * what was sent.
 */
@Injectable()
export class CaseLetterService {
  constructor(
    private readonly sql: SqlService,
    private readonly facts: CaseLetterFacts,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async render(caseId: string, format: 'html' | 'pdf', principal: Principal): Promise<RenderedLetter> {
    const { figures, dates } = await this.inputs(caseId);
    // The letter names the taxpayer, their tax code and address: its reading is recorded before it is made.
    await this.audit.recordPersonalDataAccess(principal, 'case', caseId, ['name', 'tax_code', 'address'], 'notification_letter');
    const content = letterContent(figures, dates);
    const fileName = `thong-bao-${caseId.slice(0, 8)}${dates.draft ? '-du-thao' : ''}.${format}`;
    if (format === 'pdf') return { contentType: 'application/pdf', fileName, body: await renderLetterPdf(content) };
    return { contentType: 'text/html; charset=utf-8', fileName, body: renderLetterHtml(content) };
  }

  private async inputs(caseId: string): Promise<{ figures: LetterFigures; dates: LetterDates }> {
    const [row] = await this.sql.query<{ status: string; figures: LetterFigures | null; notified_on: string | null; response_days: number | null; response_due: string | null }>(
      `SELECT c.status, n.figures, n.notified_on::text AS notified_on, n.response_days, n.response_due::text AS response_due
       FROM cases c LEFT JOIN LATERAL (SELECT * FROM case_notifications WHERE case_id = c.id ORDER BY id DESC LIMIT 1) n ON true
       WHERE c.id = $1`,
      [caseId],
    );
    if (!row) throw CaseErrors.notFound(caseId);
    if (row.status === 'confirmed') {
      const notifiedOn = todayInVietnam();
      const days = this.config.cases.responseDays;
      const figures = await this.sql.withClient((client) => this.facts.figures(client, caseId));
      return { figures, dates: { notifiedOn, responseDays: days, responseDue: addDays(notifiedOn, days), draft: true } };
    }
    if (['notified', 'resolved', 'escalated'].includes(row.status) && row.figures && row.notified_on) {
      return { figures: row.figures, dates: { notifiedOn: row.notified_on, responseDays: row.response_days!, responseDue: row.response_due!, draft: false } };
    }
    throw CaseErrors.letterUnavailable(caseId, row.status);
  }
}
