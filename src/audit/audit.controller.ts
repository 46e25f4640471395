import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { AuditLogPageDto, AuditLogQueryDto, AuditVerificationDto } from './audit.dto';
import { AuditLogQueryService } from './audit-log-query.service';
import { AuditVerifyService } from './audit-verify.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly log: AuditLogQueryService,
    private readonly verifier: AuditVerifyService,
  ) {}

  @Roles('auditor', 'admin')
  @Get('log')
  @ApiOperation({ summary: 'The audit log, newest first: who wrote what, who read whose personal data' })
  @ApiOkResponse({ type: AuditLogPageDto })
  async list(@Query() query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    return this.log.page(query);
  }

  @Roles('auditor', 'admin')
  @Get('verify')
  @ApiOperation({ summary: 'Recomputes the hash chain and names the first broken link' })
  @ApiOkResponse({ type: AuditVerificationDto })
  async verify(): Promise<AuditVerificationDto> {
    return this.verifier.verify();
  }
}
