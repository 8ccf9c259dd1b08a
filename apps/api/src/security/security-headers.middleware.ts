import type { IncomingMessage, ServerResponse } from 'node:http';
import { BULL_BOARD_PATH } from '../deadlines/queues.path';

/**
 * The API's answers and the pages it serves (Swagger UI, later the web UI) load scripts and styles from the
 * API's own origin only; Swagger UI needs inline styles. Nothing may frame the pages.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Bull Board's page names its assets relative to a <base href="/admin/queues/">; nothing else needs a base. */
const QUEUES_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("base-uri 'none'", "base-uri 'self'");

/** One year, the preload list's minimum (RFC 6797). */
const HSTS = 'max-age=31536000; includeSubDomains';

const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];

type Request = IncomingMessage & { secure?: boolean; path?: string };

/**
 * Security headers on every answer, errors included. HSTS only when the request came over TLS (directly, or
 * through a proxy KNTC_TRUST_PROXY trusts): sent over plain HTTP it would be ignored, or lock out a test host.
 * API answers hold case data: no cache keeps them.
 */
export function securityHeaders() {
  return (request: Request, response: ServerResponse, next: () => void): void => {
    for (const [name, value] of HEADERS) response.setHeader(name, value);
    if (request.secure === true) response.setHeader('Strict-Transport-Security', HSTS);
    const path = request.path ?? request.url ?? '';
    if (path === BULL_BOARD_PATH || path.startsWith(`${BULL_BOARD_PATH}/`)) response.setHeader('Content-Security-Policy', QUEUES_CONTENT_SECURITY_POLICY);
    if (path.startsWith('/api/') && !path.startsWith('/api/docs')) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
