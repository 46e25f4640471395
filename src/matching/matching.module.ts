import { Module } from '@nestjs/common';
import { BlockingService } from './blocking/blocking.service';
import { EntityDecisionService } from './decisions/entity-decision.service';
import { LinkDecisionService } from './decisions/link-decision.service';
import { EntitiesController } from './entities/entities.controller';
import { EntityService } from './entities/entity.service';
import { FeatureRefreshService } from './features/feature-refresh.service';
import { LinkQueryService } from './links/link-query.service';
import { LinksController } from './links/links.controller';
import { LinksExportService } from './links/links-export.service';
import { MatchBatchHandler } from './match-batch.handler';
import { ModelService } from './model/model.service';
import { TermFrequencyService } from './model/term-frequency.service';
import { MatchRunService } from './runs/match-run.service';
import { MatchingAdminController } from './runs/matching-admin.controller';
import { MatchingPassService } from './scoring/matching-pass.service';

/**
 * Identity resolution: links every platform seller to a taxpayer (or to no one) and to its other shops (seller
 * entities), with scores, bands, explanations, officer decisions and an append-only history. See README.md here.
 */
@Module({
  controllers: [LinksController, EntitiesController, MatchingAdminController],
  providers: [
    BlockingService,
    EntityDecisionService,
    EntityService,
    FeatureRefreshService,
    LinkDecisionService,
    LinkQueryService,
    LinksExportService,
    MatchBatchHandler,
    MatchingPassService,
    MatchRunService,
    ModelService,
    TermFrequencyService,
  ],
  exports: [MatchRunService, FeatureRefreshService],
})
export class MatchingModule {}
