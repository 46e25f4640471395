import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditLogQueryService } from './audit-log-query.service';
import { AuditVerifyService } from './audit-verify.service';
import { AuditWriteInterceptor } from './audit-write.interceptor';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit trail. Global so that any module can inject AuditService to record reads of personal data;
 * the interceptor records every write through the API (it is inert in the worker, which serves no HTTP).
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditVerifyService, AuditLogQueryService, { provide: APP_INTERCEPTOR, useClass: AuditWriteInterceptor }],
  exports: [AuditService, AuditVerifyService, AuditLogQueryService],
})
export class AuditModule {}
