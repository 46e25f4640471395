/**
 * On SIGTERM or SIGINT: close the application (the API stops taking requests and lets in-flight ones end;
 * workers wait for their active jobs), then exit 0. If closing outlasts the grace period, exit 1 anyway:
 * unfinished jobs keep no lock once the process is gone, and BullMQ hands them to another worker.
 */
export function exitGracefullyOnSignals(close: () => Promise<void>, graceMs: number, name: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    setTimeout(() => {
      process.stderr.write(`${name}: shutdown outlasted ${graceMs} ms; exiting, unfinished jobs will be retried\n`);
      process.exit(1);
    }, graceMs).unref();
    close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`${name}: error while shutting down: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
