import type { NextFunction, Request, Response } from 'express';
import { acceptCorrelationId, RequestContext } from './request-context';

/**
 * Opens each request's context before anything else runs (mounted first, in main.ts): the correlation id
 * is echoed as X-Request-Id, used as the log request id, and travels into enqueued jobs.
 */
export function correlationMiddleware(request: Request, response: Response, next: NextFunction): void {
  const correlationId = acceptCorrelationId(request.headers['x-request-id']);
  (request as Request & { id?: string }).id = correlationId;
  response.setHeader('X-Request-Id', correlationId);
  RequestContext.run({ correlationId }, () => next());
}
