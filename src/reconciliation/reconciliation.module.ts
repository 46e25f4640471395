import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { FlagsController } from './flags.controller';
import { FlagsExportService } from './flags-export.service';
import { ReconcileEntitiesHandler } from './reconcile-entities.handler';
import { ReconciliationFollowUps } from './reconciliation-follow-ups';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [RulesModule],
  controllers: [FlagsController],
  providers: [ReconciliationService, ReconcileEntitiesHandler, ReconciliationFollowUps, FlagsExportService],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
