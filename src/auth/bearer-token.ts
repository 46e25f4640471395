import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'ect_session';
/** The header the console sends on every request; a cross-site form or image cannot set it. */
export const CONSOLE_HEADER = 'x-console';

/**
 * The credential of a request: `Authorization: Bearer …`, or — for pages a browser opens directly
 * (the console, Bull Board) — the same credential in the HttpOnly session cookie the console sets at login.
 */
export function presentedCredential(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const cookie = headers.cookie;
  if (typeof cookie !== 'string') return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * A browser sends the session cookie on its own; only the console's script adds `X-Console: 1`. So a write
 * authenticated by the cookie alone (no Authorization header) must carry that header: this defeats CSRF even
 * where SameSite=Strict does not hold (a sibling subdomain counts as the same site). Safe methods are exempt.
 */
export function cookieWriteWithoutConsoleHeader(method: string, headers: IncomingHttpHeaders): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  if (typeof headers.authorization === 'string') return false;
  return headers[CONSOLE_HEADER] !== '1';
}
