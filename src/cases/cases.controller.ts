import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AUDIT_ACTIONS } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { RequestContext } from '../common/request-context';
import { SqlService } from '../database/sql.service';
import { CaseEvidence, CaseEvidenceService } from './case-evidence.service';
import { CaseExportService } from './case-export.service';
import { CaseListService, CaseSummary } from './case-list.service';
import { CaseFilterQueryDto, CaseListQueryDto } from './cases.dto';
import { CaseErrors } from './cases.errors';

/** What an officer sees when opening a case (masked identifiers; the reveal route shows the rest). */
const CASE_FIELDS = ['name', 'tax_code', 'address', 'email', 'national_id_masked', 'phone_masked', 'revenue', 'declarations'];

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly list: CaseListService,
    private readonly evidence: CaseEvidenceService,
    private readonly exporter: CaseExportService,
    private readonly audit: AuditService,
    private readonly sql: SqlService,
  ) {}

  /** The queue: filters, sort by estimate / link confidence / age, keyset pages (pass `nextCursor` back as `cursor`). */
  @Get()
  @Roles('officer', 'auditor')
  @ApiOkResponse({ description: '{ items: CaseSummary[], nextCursor: string | null }' })
  async queue(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQueryDto): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    return this.list.list(query, principal);
  }

  /** The filtered queue as CSV (streamed; cells that a spreadsheet would run as formulas are prefixed with '). */
  @Get('export')
  @Roles('officer', 'auditor')
  @ApiProduces('text/csv')
  async export(@CurrentPrincipal() principal: Principal, @Query() query: CaseFilterQueryDto, @Res() response: Response): Promise<void> {
    const filter = await this.list.filterOf(query, principal);
    // The export names taxpayers: one record of who exported which selection (rows are many, the selection is one).
    await this.audit.append({
      action: AUDIT_ACTIONS.personalDataRead, actor: principal, httpMethod: 'GET', route: '/v1/cases/export',
      target: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])),
      fields: ['name', 'tax_code'], purpose: 'case_export', correlationId: RequestContext.correlationId(),
    });
    await this.exporter.stream(filter, query.sort ?? 'estimate', response);
  }

  /** A case with its evidence. Opening it is recorded in the audit log (who looked at whose data) before it is shown. */
  @Get(':id')
  @Roles('officer', 'auditor')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CaseEvidence> {
    const evidence = await this.evidence.evidence(id);
    await this.audit.recordPersonalDataAccess(principal, 'case', id, CASE_FIELDS, 'case_review');
    if (evidence.taxpayer) await this.audit.recordPersonalDataAccess(principal, 'taxpayer', evidence.taxpayer.id, CASE_FIELDS, 'case_review');
    return evidence;
  }

  /** The case's append-only history: proposals and evidence updates by reconciliation, every officer action. */
  @Get(':id/events')
  @Roles('officer', 'auditor')
  async events(@Param('id', ParseUUIDPipe) id: string): Promise<{ caseId: string; events: Array<Record<string, unknown>> }> {
    const events = await this.sql.query(
      `SELECT e.id::text, e.at, e.actor_kind AS "actorKind", e.actor, u.name AS "actorName", e.event, e.from_status AS "fromStatus",
              e.to_status AS "toStatus", e.detail, e.run_id AS "runId"
       FROM case_events e LEFT JOIN users u ON e.actor_kind = 'user' AND u.id::text = e.actor
       WHERE e.case_id = $1 ORDER BY e.id`,
      [id],
    );
    if (events.length === 0 && (await this.sql.query(`SELECT 1 FROM cases WHERE id = $1`, [id])).length === 0) throw CaseErrors.notFound(id);
    return { caseId: id, events };
  }
}
