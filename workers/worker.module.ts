import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { CredentialsModule } from '../src/auth/auth.module';
import { loggerParams } from '../src/common/logging';
import { AppConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { DatabaseModule } from '../src/database/database.module';
import { DOMAIN_MODULES } from '../src/domain-modules';
import { JobHandlerRegistry } from '../src/jobs/job-handler.registry';
import { JobsModule } from '../src/jobs/jobs.module';
import { QUEUE_PROCESSORS } from './processors/queue-processors';
import { SweeperService } from './sweeper.service';

/** The worker process: the same business modules as the API, no HTTP layer, one processor per queue. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        DatabaseModule.forRoot(config, 'ecomtax-worker'),
        JobsModule.forRoot(config),
        DiscoveryModule,
        CredentialsModule,
        ...DOMAIN_MODULES,
      ],
      providers: [JobHandlerRegistry, SweeperService, ...QUEUE_PROCESSORS],
    };
  }
}
