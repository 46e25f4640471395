import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { consoleFiles, contentTypeOf } from './console-assets';
import { ConsoleErrors } from './console.errors';

/**
 * The console's own pages are same-origin scripts and styles only: no inline script, no third-party origin, not
 * framed by anyone. Letters are previewed in a sandboxed same-origin frame, hence `frame-src 'self'`.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // Small files: revalidate every time, so a deployment is seen at the next load.
  'Cache-Control': 'no-cache',
};

/**
 * Serves the web console at /console/ (same origin as the API, so its calls carry the session cookie and need no
 * CORS). The files are public: they hold no data; every call they make is authorised like any other.
 */
@ApiExcludeController()
@Controller()
export class ConsoleStaticController {
  /** Listed at the first request (the worker process instantiates this controller too, and serves nothing). */
  private files?: Map<string, string>;

  @Public()
  @Get()
  root(@Res() response: Response): void {
    response.redirect(302, '/console/');
  }

  /** `/console` goes to `/console/` (so relative URLs resolve under it); `/console/` is the page itself. */
  @Public()
  @Get('console')
  index(@Req() request: Request, @Res() response: Response): void {
    if (request.path.endsWith('/')) return this.send('index.html', response);
    response.redirect(302, '/console/');
  }

  /** A file, or — for a path without an extension, one of the console's own pages — the page shell. */
  @Public()
  @Get('console/*path')
  file(@Param('path') path: string[] | string, @Res() response: Response): void {
    const wanted = Array.isArray(path) ? path.join('/') : path ?? '';
    const isPage = !/\.[a-z0-9]+$/i.test(wanted);
    this.send(isPage ? 'index.html' : wanted, response);
  }

  private send(name: string, response: Response): void {
    this.files ??= consoleFiles();
    const file = this.files.get(name);
    if (!file) throw ConsoleErrors.fileNotFound();
    response.set({ ...CONSOLE_SECURITY_HEADERS, 'Content-Type': contentTypeOf(file)! });
    response.sendFile(file);
  }
}
