import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { CONSOLE_HEADER, SESSION_COOKIE } from '../auth/bearer-token';
import { CredentialService } from '../auth/credential.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Public, Roles } from '../auth/roles.decorator';
import { ConsoleErrors } from './console.errors';
import { SessionDto, SessionLoginDto } from './session.dto';

/**
 * The console's login. The pasted credential goes into an HttpOnly, SameSite=Strict cookie on path `/`: page
 * scripts never hold it (an injected script cannot read it), and plain links — the letter PDF, CSV downloads —
 * carry it without a Bearer header. Cookie-authenticated writes need `X-Console: 1` (AuthGuard); login and logout
 * need it too, so another site cannot log a browser in or out. A session cookie: gone when the browser closes.
 */
@ApiTags('console')
@Controller('v1/session')
export class SessionController {
  constructor(private readonly credentials: CredentialService) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  async login(@Body() body: SessionLoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    requireConsoleHeader(request);
    const credential = body.credential.trim();
    const principal = await this.credentials.authenticate(credential);
    if (!principal) throw ConsoleErrors.credentialInvalid();
    response.cookie(SESSION_COOKIE, credential, cookieOptions(request));
    response.setHeader('Cache-Control', 'no-store');
    return view(principal);
  }

  @Roles('platform', 'authority', 'officer', 'auditor', 'admin')
  @Get()
  @ApiOkResponse({ type: SessionDto })
  whoAmI(@CurrentPrincipal() principal: Principal): SessionDto {
    return view(principal);
  }

  @Public()
  @Delete()
  @HttpCode(204)
  logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    requireConsoleHeader(request);
    response.clearCookie(SESSION_COOKIE, cookieOptions(request));
  }
}

function cookieOptions(request: Request): CookieOptions {
  // Secure whenever the request came over TLS (directly or through the trusted local proxy).
  return { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' };
}

function requireConsoleHeader(request: Request): void {
  if (request.headers[CONSOLE_HEADER] !== '1') throw ConsoleErrors.consoleHeaderRequired();
}

function view(principal: Principal): SessionDto {
  return { role: principal.role, name: principal.name, platformCode: principal.platformCode ?? null };
}
