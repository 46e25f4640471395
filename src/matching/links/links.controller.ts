import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditSubject } from '../../audit/audit-subject.decorator';
import { AUDIT_ACTIONS } from '../../audit/audit-entry';
import { AuditService } from '../../audit/audit.service';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { RequestContext } from '../../common/request-context';
import { SqlService } from '../../database/sql.service';
import { LinkDecisionService } from '../decisions/link-decision.service';
import { DecisionAcceptedDto, LinkDecisionDto, LinksQueryDto } from '../matching.dto';
import { MatchingErrors } from '../matching.errors';
import { LinkQueryService } from './link-query.service';
import { LinksExportService } from './links-export.service';

@ApiTags('links')
@ApiBearerAuth()
@Controller('v1/links')
export class LinksController {
  constructor(
    private readonly exporter: LinksExportService,
    private readonly decisions: LinkDecisionService,
    private readonly links: LinkQueryService,
    private readonly audit: AuditService,
    private readonly sql: SqlService,
  ) {}

  /**
   * The current link of every platform seller (or as believed at `asOf`), streamed as CSV or JSON. A platform gets
   * only its own sellers and no registry details.
   */
  @Get()
  @Roles('officer', 'auditor', 'platform')
  @ApiProduces('application/json', 'text/csv')
  async export(@CurrentPrincipal() principal: Principal, @Query() query: LinksQueryDto, @Res() response: Response): Promise<void> {
    const isPlatform = principal.role === 'platform';
    let platformId: string | null = isPlatform ? principal.platformId! : null;
    if (query.platform) {
      const [platform] = await this.sql.query<{ id: string }>(`SELECT id FROM platforms WHERE code = $1`, [query.platform]);
      // Another platform's code is as unknown to a platform as a code that does not exist.
      if (!platform || (isPlatform && platform.id !== principal.platformId)) throw MatchingErrors.platformNotFound(query.platform);
      platformId = platform.id;
    }
    const asOf = !isPlatform && query.asOf ? new Date(query.asOf) : null;
    if (!isPlatform) {
      await this.audit.append({
        action: AUDIT_ACTIONS.personalDataRead,
        actor: principal,
        httpMethod: 'GET',
        route: '/v1/links',
        target: { platform: query.platform ?? 'all', format: query.format ?? 'json', ...(asOf ? { asOf: asOf.toISOString() } : {}) },
        fields: ['tax_code'],
        purpose: 'links_export',
        correlationId: RequestContext.correlationId(),
      });
    }
    await this.exporter.stream({ platformId, format: query.format ?? 'json', withRegistry: !isPlatform, asOf }, response);
  }

  /** One seller's link with its explanation, and every belief recorded about it (match_history). */
  @Get(':sellerId')
  @Roles('officer', 'auditor')
  @ApiOkResponse({ description: 'link, explanation and history' })
  async get(@CurrentPrincipal() principal: Principal, @Param('sellerId') sellerId: string): Promise<Record<string, unknown>> {
    if (!/^[0-9]{1,18}$/.test(sellerId)) throw MatchingErrors.sellerNotFound(sellerId);
    const link = await this.links.link(sellerId);
    await this.audit.recordPersonalDataAccess(principal, 'platform_seller', sellerId, ['tax_code', 'link_explanation'], 'link_review');
    return link;
  }

  /** An officer confirms or rejects a seller's link to a taxpayer; the model never overrides it. */
  @Post(':sellerId/decisions')
  @Roles('officer')
  @HttpCode(202)
  @AuditSubject('platform_seller', 'sellerId')
  @ApiOkResponse({ type: DecisionAcceptedDto })
  async decide(@CurrentPrincipal() principal: Principal, @Param('sellerId') sellerId: string, @Body() body: LinkDecisionDto): Promise<DecisionAcceptedDto> {
    if (!/^[0-9]{1,18}$/.test(sellerId)) throw MatchingErrors.sellerNotFound(sellerId);
    return this.decisions.decide(sellerId, body, principal);
  }
}
