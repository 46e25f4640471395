import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ALL_QUEUES } from './job-registry';
import { JobQueueService } from './job-queue.service';
import { redisOptions } from './redis-connection';

/** Queue producers, available to every module in both processes. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return {
      module: JobsModule,
      imports: [
        BullModule.forRoot({ connection: redisOptions(config.redis.url), prefix: config.redis.queuePrefix }),
        queues,
      ],
      providers: [JobQueueService],
      exports: [JobQueueService, queues],
    };
  }
}
