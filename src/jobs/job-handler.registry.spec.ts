import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobHandler } from './job-handler.decorator';
import { JobHandlerRegistry, MissingJobHandlersError } from './job-handler.registry';
import { ALL_JOB_NAMES, JobName } from './job-registry';

/** One provider class per job name, each with a decorated handler answering `ran <name>`. */
function handlersFor(names: JobName[]): Function[] {
  return names.map((name) => {
    @Injectable()
    class Handler {
      async handle(): Promise<string> {
        return `ran ${name}`;
      }
    }
    JobHandler(name)(Handler.prototype, 'handle', Object.getOwnPropertyDescriptor(Handler.prototype, 'handle')!);
    return Handler;
  });
}

async function boot(providers: Function[]) {
  @Module({ imports: [DiscoveryModule], providers: [JobHandlerRegistry, ...(providers as never[])] })
  class HostModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HostModule] }).compile();
  return moduleRef.init();
}

describe('JobHandlerRegistry', () => {
  const others = ALL_JOB_NAMES.filter((name) => name !== 'ops.probe');

  it('refuses to boot when a registered job has no handler, naming it', async () => {
    await expect(boot(handlersFor(others))).rejects.toThrow(MissingJobHandlersError);
    await expect(boot(handlersFor(others))).rejects.toThrow(/without a handler: ops\.probe$/);
  });

  it('refuses to boot when a job has two handlers', async () => {
    await expect(boot(handlersFor([...ALL_JOB_NAMES, 'ops.probe']))).rejects.toThrow(/two handlers: ops\.probe/);
  });

  it('dispatches each job to its one handler', async () => {
    const app = await boot(handlersFor(ALL_JOB_NAMES));
    const registry = app.get(JobHandlerRegistry);
    for (const name of ALL_JOB_NAMES) await expect(registry.handlerFor(name)!({} as never)).resolves.toBe(`ran ${name}`);
    expect(registry.handlerFor('no.such-job')).toBeUndefined();
    await app.close();
  });
});
