import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { CohortQueryService } from './cohort-query.service';
import { SelfDeclarationQueryService } from './self-declaration-query.service';
import { StatsRefreshHandler } from './stats-refresh.handler';
import { StatsRefreshService } from './stats-refresh.service';
import { StatsController } from './stats.controller';

/** Self-declaration statistics (issue 8): summaries refreshed after reconciliation, read by officers and auditors. */
@Module({
  imports: [RulesModule],
  controllers: [StatsController],
  providers: [StatsRefreshService, StatsRefreshHandler, SelfDeclarationQueryService, CohortQueryService],
  exports: [StatsRefreshService],
})
export class StatsModule {}
