import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditSubject } from '../audit/audit-subject.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import type { CaseStatus } from '../reconciliation/signal-codes';
import { CaseRevealService } from './case-reveal.service';
import { CaseWorkflowService, WorkflowResult } from './case-workflow.service';
import { AssignmentDto, LetterQueryDto, NoteDto, RevealDto, TransitionDto } from './cases.dto';
import { CaseErrors } from './cases.errors';
import { CaseLetterService } from './letter/case-letter.service';

/** What officers do to a case. Every write is officer-only and recorded by the audit interceptor under the case. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CaseActionsController {
  constructor(
    private readonly workflow: CaseWorkflowService,
    private readonly reveals: CaseRevealService,
    private readonly letters: CaseLetterService,
  ) {}

  /** Moves a case (see src/cases/README.md for the legal moves); 409 CASE_TRANSITION_ILLEGAL / CASE_VERSION_STALE. */
  @Post(':id/transitions')
  @Roles('officer')
  @HttpCode(200)
  @AuditSubject('case', 'id')
  async transition(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto): Promise<WorkflowResult> {
    requireUser(principal);
    return this.workflow.transition(id, { to: body.to as CaseStatus, version: body.version, reason: body.reason }, principal);
  }

  @Post(':id/assignment')
  @Roles('officer')
  @HttpCode(200)
  @AuditSubject('case', 'id')
  async assign(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: AssignmentDto): Promise<WorkflowResult> {
    requireUser(principal);
    return this.workflow.assign(id, body, principal);
  }

  @Post(':id/notes')
  @Roles('officer')
  @AuditSubject('case', 'id')
  async note(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: NoteDto): Promise<{ id: string }> {
    requireUser(principal);
    return this.workflow.note(id, body.text, principal);
  }

  /** Decrypts the case's national IDs and phones for an officer, after recording the reading and the reason. */
  @Post(':id/reveal')
  @Roles('officer')
  @HttpCode(200)
  @AuditSubject('case', 'id')
  async reveal(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: RevealDto): Promise<Record<string, unknown>> {
    requireUser(principal);
    return this.reveals.reveal(id, body.reason.trim(), principal);
  }

  /** The notification letter (Vietnamese), HTML or PDF: a draft while confirmed, the sent one once notified. */
  @Get(':id/letter')
  @Roles('officer', 'auditor')
  @ApiProduces('text/html', 'application/pdf')
  async letter(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: LetterQueryDto, @Res() response: Response): Promise<void> {
    const letter = await this.letters.render(id, query.format ?? 'html', principal);
    response.status(200).setHeader('Content-Type', letter.contentType);
    response.setHeader('Content-Disposition', `inline; filename="${letter.fileName}"`);
    response.send(letter.body);
  }
}

function requireUser(principal: Principal): void {
  if (!principal.userId) throw CaseErrors.officerOnly();
}
