import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BatchIntakeService } from './batch-intake.service';
import { BatchKindRegistry } from './batch-kind.registry';
import { BatchMergeService } from './batch-merge.service';
import { BatchQueryService } from './batch-query.service';
import { BatchesController } from './batches.controller';
import { DpiKind } from './kinds/dpi.kind';
import { RevenueKind } from './kinds/revenue.kind';
import { SellersKind } from './kinds/sellers.kind';
import { ProcessBatchHandler } from './process-batch.handler';

/**
 * The batch door for every kind (platform sellers/revenue/DPI here; the authority's kinds plug in from their
 * own modules with @IntakeKind()), the merge job, and the sweeper of stuck batches.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [BatchesController],
  providers: [BatchKindRegistry, BatchIntakeService, BatchQueryService, BatchMergeService, ProcessBatchHandler, SellersKind, RevenueKind, DpiKind],
  exports: [BatchKindRegistry],
})
export class IntakeModule {}
