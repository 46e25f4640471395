import { Module } from '@nestjs/common';
import { LinkDecisionService } from '../matching/decisions/link-decision.service';
import { CaseActionsController } from './case-actions.controller';
import { CaseEvidenceService } from './case-evidence.service';
import { CaseExportService } from './case-export.service';
import { CaseListService } from './case-list.service';
import { CaseRevealService } from './case-reveal.service';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesController } from './cases.controller';
import { MatchHistoryController } from './history/match-history.controller';
import { MatchHistoryService } from './history/match-history.service';
import { CaseLetterFacts } from './letter/case-letter-facts';
import { CaseLetterService } from './letter/case-letter.service';
import { LinkReviewController } from './links/link-review.controller';
import { LinkReviewService } from './links/link-review.service';
import { PlatformDirectory } from './platform-directory';

/**
 * Officer case work and the auditors' history reads (issue 7): the queue, evidence, transitions, assignment, notes,
 * letters, CSV export, link review, "as of" match history. See README.md here.
 *
 * LinkDecisionService is identity resolution's (stateless: SQL + the job queue); it is provided here because
 * MatchingModule does not export it. Decisions therefore follow exactly matching's path.
 */
@Module({
  controllers: [CasesController, CaseActionsController, LinkReviewController, MatchHistoryController],
  providers: [
    CaseEvidenceService,
    CaseExportService,
    CaseLetterFacts,
    CaseLetterService,
    CaseListService,
    CaseRevealService,
    CaseWorkflowService,
    LinkDecisionService,
    LinkReviewService,
    MatchHistoryService,
    PlatformDirectory,
  ],
})
export class CasesModule {}
