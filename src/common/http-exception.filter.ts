import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { DomainError } from './domain-error';
import { RequestContext } from './request-context';

/** The one place errors become HTTP responses: `{ code, message, status, correlationId, details? }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.status >= 500) {
      this.logger.error({ err: exception, code: body.code }, 'request failed');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(body.status).json({ ...body, correlationId: RequestContext.correlationId() });
  }

  private toBody(exception: unknown): { code: string; message: string; status: number; details?: unknown } {
    if (exception instanceof DomainError) {
      return { code: exception.code, message: exception.message, status: exception.status, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse() as { message?: unknown; code?: string } | string;
      const message =
        typeof payload === 'string' ? payload : Array.isArray(payload.message) ? payload.message.join('; ') : String(payload.message ?? exception.message);
      return { code: (typeof payload === 'object' && payload.code) || httpCode(status), message, status };
    }
    const bodyTooLarge = (exception as { type?: string })?.type === 'entity.too.large';
    if (bodyTooLarge) return { code: 'PAYLOAD_TOO_LARGE', message: 'request body too large', status: 413 };
    return { code: 'INTERNAL', message: 'internal error', status: 500 };
  }
}

function httpCode(status: number): string {
  const names: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    422: 'UNPROCESSABLE',
    429: 'TOO_MANY_REQUESTS',
  };
  return names[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR');
}
