import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { BULL_BOARD_PATH } from '../deadlines/queues.path';

/**
 * The API's answers and the pages it serves (the web UI, Swagger UI) load scripts and styles from the API's own
 * origin only; Swagger UI and antd need inline styles. Nothing may frame the pages.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** One year, the preload list's minimum (RFC 6797). */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Helmet's headers with our policy; HSTS is sent apart, only over TLS. */
function headersWith(directives: typeof DIRECTIVES) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
  });
}

type Request = IncomingMessage & { secure?: boolean; path?: string };
type Middleware = (request: Request, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Security headers on every answer, errors included, by helmet. HSTS only when the request came over TLS
 * (directly, or through a proxy KNTC_TRUST_PROXY trusts): sent over plain HTTP it would be ignored, or lock out a
 * test host. Bull Board's page names its assets relative to a <base href="/admin/queues/">, so it alone may set a
 * base. API answers hold case data: no cache keeps them.
 */
export function securityHeaders(): Middleware {
  const pages = headersWith(DIRECTIVES);
  const queues = headersWith({ ...DIRECTIVES, baseUri: ["'self'"] });
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true, preload: false });
  return (request, response, next) => {
    const path = request.path ?? request.url ?? '';
    response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (path.startsWith('/api/') && !path.startsWith('/api/docs')) response.setHeader('Cache-Control', 'no-store');
    const headers = path === BULL_BOARD_PATH || path.startsWith(`${BULL_BOARD_PATH}/`) ? queues : pages;
    headers(request, response, (error?: unknown) => {
      if (error !== undefined || request.secure !== true) return next(error);
      hsts(request, response, next);
    });
  };
}
