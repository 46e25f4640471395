import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../audit/audit.service';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { MatchingErrors } from '../../matching/matching.errors';
import { HistoryQueryDto } from '../cases.dto';
import { MatchHistoryService } from './match-history.service';

const DIGITS = /^[0-9]{1,18}$/;

/** Read-only "as of" history for auditors (and officers): `asOf` defaults to now. */
@ApiTags('history')
@ApiBearerAuth()
@Controller('v1/history')
export class MatchHistoryController {
  constructor(
    private readonly history: MatchHistoryService,
    private readonly audit: AuditService,
  ) {}

  @Get('sellers/:sellerId')
  @Roles('auditor', 'officer')
  async seller(@CurrentPrincipal() principal: Principal, @Param('sellerId') sellerId: string, @Query() query: HistoryQueryDto): Promise<Record<string, unknown>> {
    if (!DIGITS.test(sellerId)) throw MatchingErrors.sellerNotFound(sellerId);
    const result = await this.history.seller(sellerId, asOf(query));
    await this.audit.recordPersonalDataAccess(principal, 'platform_seller', sellerId, ['link_explanation'], 'match_history');
    return result;
  }

  @Get('taxpayers/:taxpayerId')
  @Roles('auditor', 'officer')
  async taxpayer(@CurrentPrincipal() principal: Principal, @Param('taxpayerId') taxpayerId: string, @Query() query: HistoryQueryDto): Promise<Record<string, unknown>> {
    if (!DIGITS.test(taxpayerId)) throw MatchingErrors.taxpayerNotFound(taxpayerId);
    const result = await this.history.taxpayer(taxpayerId, asOf(query));
    await this.audit.recordPersonalDataAccess(principal, 'taxpayer', taxpayerId, ['name', 'tax_code', 'link_explanation'], 'match_history');
    return result;
  }

  @Get('entities/:entityId')
  @Roles('auditor', 'officer')
  async entity(@CurrentPrincipal() principal: Principal, @Param('entityId', ParseUUIDPipe) entityId: string, @Query() query: HistoryQueryDto): Promise<Record<string, unknown>> {
    const result = await this.history.entity(entityId, asOf(query));
    await this.audit.recordPersonalDataAccess(principal, 'seller_entity', entityId, ['link_explanation'], 'match_history');
    return result;
  }
}

function asOf(query: HistoryQueryDto): Date {
  return query.asOf ? new Date(query.asOf) : new Date();
}
