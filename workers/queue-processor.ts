import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { RequestContext } from '../src/common/request-context';
import { APP_CONFIG, AppConfig } from '../src/config/app-config';
import { JobHandlerRegistry } from '../src/jobs/job-handler.registry';

/**
 * The thin processor behind every queue: open the job's correlation context, hand the payload to the
 * module's handler, let errors propagate so BullMQ retries them (UnrecoverableError fails at once),
 * and tell the module once a job has failed for good so its database state says so.
 */
export abstract class QueueProcessor extends WorkerHost implements OnModuleInit {
  protected readonly logger = new Logger(this.constructor.name);

  @Inject(JobHandlerRegistry) private readonly registry: JobHandlerRegistry;
  @Inject(APP_CONFIG) private readonly config: AppConfig;

  onModuleInit(): void {
    this.worker.concurrency = this.concurrency(this.config);
  }

  /** Jobs this queue runs at once in one process. */
  protected concurrency(config: AppConfig): number {
    return config.worker.concurrency;
  }

  async process(job: Job): Promise<unknown> {
    const correlationId = (job.data?.correlationId as string | undefined) ?? `job-${job.id}`;
    return RequestContext.run({ correlationId }, async () => {
      const handler = this.registry.handlerFor(job.name);
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
      const started = Date.now();
      this.logger.log({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 }, 'job started');
      try {
        const result = await handler(job.data);
        this.logger.log({ job: job.name, jobId: job.id, ms: Date.now() - started }, 'job completed');
        return result ?? null;
      } catch (error) {
        const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        this.logger.warn({ job: job.name, jobId: job.id, err: error, final }, final ? 'job failed for good' : 'job failed, will retry');
        if (final) await this.registry.failureHandlerFor(job.name)?.(job.data, error as Error);
        throw error;
      }
    });
  }
}
