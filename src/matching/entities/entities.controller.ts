import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditSubject } from '../../audit/audit-subject.decorator';
import { AuditService } from '../../audit/audit.service';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { EntityDecisionService } from '../decisions/entity-decision.service';
import { LinkQueryService } from '../links/link-query.service';
import { DecisionAcceptedDto, MergeEntitiesDto, SplitEntityDto } from '../matching.dto';

@ApiTags('seller entities')
@ApiBearerAuth()
@Controller('v1/entities')
export class EntitiesController {
  constructor(
    private readonly decisions: EntityDecisionService,
    private readonly links: LinkQueryService,
    private readonly audit: AuditService,
  ) {}

  /** An officer says several entities are one seller. Applied by a match run; the oldest member's entity id is kept. */
  @Post('merge')
  @Roles('officer')
  @HttpCode(202)
  @ApiOkResponse({ type: DecisionAcceptedDto })
  async merge(@CurrentPrincipal() principal: Principal, @Body() body: MergeEntitiesDto): Promise<DecisionAcceptedDto> {
    return this.decisions.merge(body.entityIds, principal, body.reason);
  }

  /** An officer separates some members of an entity into a new one; no later run joins the two sides again. */
  @Post(':id/split')
  @Roles('officer')
  @HttpCode(202)
  @AuditSubject('seller_entity', 'id')
  @ApiOkResponse({ type: DecisionAcceptedDto })
  async split(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SplitEntityDto,
  ): Promise<DecisionAcceptedDto> {
    return this.decisions.split(id, body.sellerIds, principal, body.reason);
  }

  @Get(':id')
  @Roles('officer', 'auditor')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<Record<string, unknown>> {
    const entity = await this.links.entity(id);
    await this.audit.recordPersonalDataAccess(principal, 'seller_entity', id, ['tax_code'], 'link_review');
    return entity;
  }
}
