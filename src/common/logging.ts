import { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { acceptCorrelationId, RequestContext } from './request-context';

/**
 * Structured JSON logs. Every line carries the correlation id of the request or job being served.
 * Credentials, cookies and anything that could hold a national ID or phone number are redacted:
 * request bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.national_id',
  '*.nationalId',
  '*.phone',
  '*.token',
  '*.password',
];

export function loggerParams(config: AppConfig, processName: 'api' | 'worker' | 'cli'): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      base: { process: processName },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: () => {
        const correlationId = RequestContext.correlationId();
        return correlationId ? { correlationId } : {};
      },
      genReqId: (request: IncomingMessage) =>
        (request as IncomingMessage & { id?: string }).id ?? acceptCorrelationId(request.headers['x-request-id']),
      customProps: (request: IncomingMessage) => {
        const principal = (request as IncomingMessage & { principal?: { role: string; credentialId: string } }).principal;
        return principal ? { principalRole: principal.role, credentialId: principal.credentialId } : {};
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: stripQuery(request.url) }),
      },
      autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics' },
    },
    // Workers and the CLI have no HTTP layer; the same pino settings still apply to their loggers.
    forRoutes: processName === 'api' ? undefined : [],
  };
}

/** Query strings can carry filters over personal data (e.g. a search); keep only the path. */
function stripQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?…`;
}
