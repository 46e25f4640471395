import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, switchMap, throwError } from 'rxjs';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { RequestContext } from '../common/request-context';
import { maskIdentifier } from '../pii/pii-crypto';
import { AUDIT_ACTIONS, AuditEntryInput } from './audit-entry';
import { AUDIT_SUBJECT_KEY, AuditSubjectMetadata } from './audit-subject.decorator';
import { AuditUnavailableError } from './audit.errors';
import { AuditService } from './audit.service';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registered globally (APP_INTERCEPTOR in AuditModule): every POST/PUT/PATCH/DELETE that passes the guard is
 * recorded twice, whatever module serves it.
 *  1. `write.attempted` before the handler runs. If it cannot be appended, the handler never runs and the
 *     client gets 503 AUDIT_UNAVAILABLE: no write happens unaudited.
 *  2. `write.completed` with the status the handler answered (errors included). If that append fails the
 *     client gets 503 AUDIT_UNAVAILABLE with details.stage = 'after_handler' (the change may have been made;
 *     its attempt is on record under the same correlation id).
 * Bodies are never recorded (they hold personal data); `target` holds route params and the created `id`.
 * Requests refused by the guard (401/403) never reach an interceptor and are not recorded here.
 */
@Injectable()
export class AuditWriteInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (!WRITE_METHODS.has(request.method)) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const base = this.baseEntry(context, request);

    return from(this.record({ ...base, action: AUDIT_ACTIONS.writeAttempted }, 'before_handler', 'nothing was changed')).pipe(
      switchMap(() => next.handle()),
      concatMap(async (result) => {
        const created = createdId(result);
        const target = created ? { ...base.target, createdId: created } : base.target;
        const status = response.statusCode;
        await this.record({ ...base, target, status, action: AUDIT_ACTIONS.writeCompleted }, 'after_handler', 'the change was made but its outcome is not on record');
        return result;
      }),
      catchError((error) => {
        if (error instanceof AuditUnavailableError) return throwError(() => error);
        const status = statusOf(error);
        const completed = this.record({ ...base, status, action: AUDIT_ACTIONS.writeCompleted }, 'after_handler', `the request had failed with ${status}`);
        return from(completed).pipe(switchMap(() => throwError(() => error)));
      }),
    );
  }

  private async record(entry: AuditEntryInput, stage: 'before_handler' | 'after_handler', refusal: string): Promise<void> {
    try {
      await this.audit.append(entry, undefined, refusal);
    } catch (error) {
      if (error instanceof AuditUnavailableError) {
        throw new AuditUnavailableError(error.message, { ...error.details, stage, handlerStatus: entry.status });
      }
      throw error;
    }
  }

  private baseEntry(context: ExecutionContext, request: Request & { principal?: Principal }): Omit<AuditEntryInput, 'action'> {
    const params = safeParams(request.params ?? {});
    const subject = this.reflector.getAllAndOverride<AuditSubjectMetadata | undefined>(AUDIT_SUBJECT_KEY, [context.getHandler(), context.getClass()]);
    const subjectId = subject ? params[subject.param] : undefined;
    const principal = request.principal;
    return {
      actor: principal && { credentialId: principal.credentialId, role: principal.role, name: principal.name, userId: principal.userId, platformId: principal.platformId },
      httpMethod: request.method,
      route: request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : request.path,
      target: params,
      subjectType: subjectId ? subject!.type : undefined,
      subjectId,
      correlationId: RequestContext.correlationId(),
    };
  }
}

/** Route params as recorded: anything shaped like a national ID or a phone number is masked. */
export function safeParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined || raw === null) continue;
    const value = String(raw).slice(0, 200);
    const compact = value.replace(/[\s.-]/g, '');
    out[name] = /^(\d{9}|\d{12}|\+?84\d{9,10})$/.test(compact) ? maskIdentifier(compact) : value;
  }
  return out;
}

function createdId(result: unknown): string | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const id = (result as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : undefined;
}

function statusOf(error: unknown): number {
  if (error instanceof DomainError) return error.status;
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}
