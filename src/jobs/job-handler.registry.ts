import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ALL_JOB_NAMES, JobData, JobName } from './job-registry';
import { JOB_FAILURE_KEY, JOB_HANDLER_KEY } from './job-handler.decorator';

type Handler = (data: JobData<JobName>) => Promise<unknown>;
type FailureHandler = (data: JobData<JobName>, error: Error) => Promise<unknown>;

export class MissingJobHandlersError extends Error {}

/** Finds every @JobHandler in the application and refuses to start when a job has none, or two. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, Handler>();
  private readonly failureHandlers = new Map<JobName, FailureHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const duplicates: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = prototype[method];
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_KEY, fn);
        if (name) {
          if (this.handlers.has(name)) duplicates.push(name);
          this.handlers.set(name, fn.bind(instance));
        }
        const failure = this.reflector.get<JobName | undefined>(JOB_FAILURE_KEY, fn);
        if (failure) this.failureHandlers.set(failure, fn.bind(instance));
      }
    }
    const missing = ALL_JOB_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length || duplicates.length) {
      throw new MissingJobHandlersError(
        [missing.length ? `jobs without a handler: ${missing.join(', ')}` : '', duplicates.length ? `jobs with two handlers: ${duplicates.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
      );
    }
  }

  handlerFor(name: string): Handler | undefined {
    return this.handlers.get(name as JobName);
  }

  failureHandlerFor(name: string): FailureHandler | undefined {
    return this.failureHandlers.get(name as JobName);
  }
}
