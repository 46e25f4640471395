import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditSubject } from '../../audit/audit-subject.decorator';
import { AuditService } from '../../audit/audit.service';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { LinkReviewDecisionDto, LinkReviewQueryDto } from '../cases.dto';
import { CaseErrors } from '../cases.errors';
import { PlatformDirectory } from '../platform-directory';
import { LinkReviewItem, LinkReviewOutcome, LinkReviewService } from './link-review.service';

/**
 * The link-review queue and its decisions. Merging and splitting entities are identity resolution's own routes
 * (POST /v1/entities/merge, POST /v1/entities/:id/split): they flow on to reconciliation the same way.
 */
@ApiTags('link review')
@ApiBearerAuth()
@Controller('v1/link-reviews')
export class LinkReviewController {
  constructor(
    private readonly reviews: LinkReviewService,
    private readonly platforms: PlatformDirectory,
    private readonly audit: AuditService,
  ) {}

  /** Links in the `review` band, most likely first, with the candidate taxpayer and the explanation of the score. */
  @Get()
  @Roles('officer', 'auditor')
  async queue(@CurrentPrincipal() principal: Principal, @Query() query: LinkReviewQueryDto): Promise<{ items: LinkReviewItem[]; nextCursor: string | null }> {
    const platformId = query.platform ? await this.platforms.idOf(query.platform) : null;
    if (query.platform && !platformId) throw CaseErrors.platformUnknown(query.platform);
    const limit = Math.min(Math.max(Number(query.limit ?? 50), 1), 200);
    const page = await this.reviews.queue(platformId ?? null, limit, query.cursor ?? null);
    if (page.items.length) {
      await this.audit.recordPersonalDataAccessMany(principal, 'platform_seller', page.items.map((i) => i.sellerId), ['name', 'tax_code'], 'link_review');
    }
    return page;
  }

  /** confirm / reject (identity resolution's decision, re-matched and re-reconciled by jobs) or unsure (stays in review). */
  @Post(':sellerId/decisions')
  @Roles('officer')
  @HttpCode(200)
  @AuditSubject('platform_seller', 'sellerId')
  async decide(@CurrentPrincipal() principal: Principal, @Param('sellerId') sellerId: string, @Body() body: LinkReviewDecisionDto): Promise<LinkReviewOutcome> {
    if (!/^[0-9]{1,18}$/.test(sellerId)) throw CaseErrors.linkNotFound(sellerId);
    return this.reviews.decide(sellerId, body, principal);
  }
}
