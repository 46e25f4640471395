import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../src/config/app-config';
import { RequestContext } from '../src/common/request-context';
import { SqlService } from '../src/database/sql.service';
import { SWEEP_KEY } from '../src/jobs/sweep.decorator';

/** Advisory-lock key: only one worker process sweeps at a time. */
const SWEEP_LOCK = 0x65637377; // 'ecsw'

/**
 * Runs every @Sweep method on a timer inside the worker (not as a repeatable BullMQ job: Redis here
 * keeps nothing across a restart, and the sweeper is what recovers from exactly that).
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperService.name);
  private readonly sweeps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<string | undefined>(SWEEP_KEY, prototype[method]);
        if (name) this.sweeps.push({ name, run: () => prototype[method].call(instance) });
      }
    }
    this.timer = setInterval(() => void this.sweepOnce(), this.config.intake.sweeperIntervalMs);
    this.timer.unref();
    void this.sweepOnce();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every sweep, under a transaction-scoped advisory lock. */
  async sweepOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = RequestContext.run({ correlationId: `sweep-${Date.now()}` }, async () => {
      try {
        await this.sql.withRawTransaction(async (client) => {
          const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
          if (!rows[0].locked) return;
          for (const sweep of this.sweeps) {
            try {
              await sweep.run();
            } catch (error) {
              this.logger.error({ err: error, sweep: sweep.name }, 'sweep failed');
            }
          }
        });
      } catch (error) {
        this.logger.error({ err: error }, 'sweeper could not run');
      } finally {
        this.running = undefined;
      }
    });
    return this.running;
  }
}
