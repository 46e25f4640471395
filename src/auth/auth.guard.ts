import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '../common/domain-error';
import { RequestContext } from '../common/request-context';
import { cookieWriteWithoutConsoleHeader, presentedCredential } from './bearer-token';
import { CredentialService } from './credential.service';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { Role } from './role';

/**
 * Global guard. Public routes pass; every other route needs a valid credential (else 401) whose role
 * the route declares (else 403). A route that declares no roles is refused to everyone: the default is deny.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const token = presentedCredential(request.headers);
    const principal = token ? await this.credentials.authenticate(token) : undefined;
    if (!principal) throw new UnauthorizedError();
    if (cookieWriteWithoutConsoleHeader(request.method, request.headers)) throw new ForbiddenError('CSRF_HEADER_REQUIRED', 'a write with the session cookie needs the X-Console: 1 header');

    request.principal = principal;
    const store = RequestContext.current();
    if (store) store.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!allowed.includes(principal.role)) throw new ForbiddenError();
    return true;
  }
}
