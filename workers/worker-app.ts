import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../src/config/app-config';
import { WorkerModule } from './worker.module';

/** Builds the worker application context (used by workers/main.ts and by in-process tests). */
export async function createWorkerApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    logger: options.logs === false ? false : undefined,
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  await app.init();
  return app;
}
