import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContextData {
  correlationId: string;
  principal?: { credentialId: string; role: string; platformId?: string; userId?: string; name: string };
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * The correlation id of the request or job being served, readable anywhere below it, so logs and
 * enqueued jobs carry it without threading it through every signature.
 */
export const RequestContext = {
  run<T>(data: RequestContextData, work: () => T): T {
    return storage.run(data, work);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  newCorrelationId(): string {
    return randomUUID();
  },
};

/** Accepts a caller's X-Request-Id only when it is a harmless token; otherwise mints one. */
export function acceptCorrelationId(header: unknown): string {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{8,100}$/.test(header) ? header : RequestContext.newCorrelationId();
}
