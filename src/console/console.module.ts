import { Module } from '@nestjs/common';
import { ConsoleLookupController } from './console-lookup.controller';
import { ConsoleStaticController } from './console-static.controller';
import { LinkPairService } from './link-pair.service';
import { SellerSearchService } from './seller-search.service';
import { SessionController } from './session.controller';

/**
 * The officers', auditors' and platforms' web console (README.md here): static pages at /console/, the cookie
 * session behind them, and the two read-only lookups no other module serves.
 */
@Module({
  controllers: [ConsoleStaticController, SessionController, ConsoleLookupController],
  providers: [SellerSearchService, LinkPairService],
})
export class ConsoleModule {}
