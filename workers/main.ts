import 'reflect-metadata';
import { exitGracefullyOnSignals } from '../src/common/graceful-shutdown';
import { loadConfigOrExit } from '../src/config/load-config';
import { createWorkerApp } from './worker-app';

/** Queue workers: a Nest application context with no HTTP layer. Closing it closes every BullMQ worker, which waits for active jobs. */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  exitGracefullyOnSignals(() => app.close(), config.worker.shutdownGraceMs, 'worker');
}

bootstrap().catch((error) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
