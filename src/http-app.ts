import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { correlationMiddleware } from './common/correlation.middleware';
import { AppConfig } from './config/app-config';
import { mountQueueDashboard } from './ops/queue-dashboard';
import { mountOpenApi } from './ops/openapi';
import { JobQueueService } from './jobs/job-queue.service';
import { CredentialService } from './auth/credential.service';
import { smallJsonBodies } from './common/small-json-bodies';

/**
 * Builds the API application (used by main.ts and by the tests, so both run the same wiring).
 * Body parsing is off globally: batch uploads are streams of up to 2 GB and each route that wants a
 * JSON body parses a small one itself.
 */
export async function createHttpApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    logger: options.logs === false ? false : undefined,
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  app.use(correlationMiddleware);
  app.use(smallJsonBodies());
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
  mountOpenApi(app);
  mountQueueDashboard(app, app.get(JobQueueService).allQueues(), app.get(CredentialService));
  return app;
}
