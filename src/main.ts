import 'reflect-metadata';
import { exitGracefullyOnSignals } from './common/graceful-shutdown';
import { loadConfigOrExit } from './config/load-config';
import { createHttpApp } from './http-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createHttpApp(config);
  await app.listen(config.port, '0.0.0.0');
  exitGracefullyOnSignals(() => app.close(), config.worker.shutdownGraceMs, 'api');
}

bootstrap().catch((error) => {
  process.stderr.write(`API failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
