import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Routes whose bodies are data uploads: streamed by their controller, never buffered by a parser. */
export const STREAMED_UPLOAD_PATHS = [/^\/v1\/batches\/?$/];

/** Parses small JSON bodies (decisions, notes, rule changes) everywhere except streamed uploads. */
export function smallJsonBodies(limit = '1mb'): RequestHandler {
  const parse = json({ limit });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'POST' && STREAMED_UPLOAD_PATHS.some((pattern) => pattern.test(request.path))) return next();
    return parse(request, response, next);
  };
}
