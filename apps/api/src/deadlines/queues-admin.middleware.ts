import { bearerTokenOf, hasPermission, type AccessTokenVerifier } from '@kntc/auth';
import type { Redis } from 'ioredis';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The cookie that carries a browser's token to Bull Board, set by POST /api/auth/queues-session. */
export const QUEUES_COOKIE = 'kntc_queues';

const COOKIE = new RegExp(`(?:^|;\\s*)${QUEUES_COOKIE}=([A-Za-z0-9._~+/=-]{1,8192})(?:;|$)`);
const READS = new Set(['GET', 'HEAD']);

/** The token of a request to Bull Board: the Authorization header (API clients), else the queues cookie (a browser). */
function queuesCredentials(req: IncomingMessage): { token: string; byCookie: boolean } | undefined {
  const bearer = bearerTokenOf(req.headers.authorization);
  if (bearer !== undefined) return { token: bearer, byCookie: false };
  const cookie = COOKIE.exec(req.headers.cookie ?? '')?.[1];
  return cookie === undefined ? undefined : { token: cookie, byCookie: true };
}

/**
 * A cookie goes with every request the browser makes, whatever page started it: a change (retry, clean, pause)
 * carried by the cookie must come from a page of this origin. SameSite=Strict alone lets sibling subdomains through.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = req.headers.origin;
  if (origin === undefined || req.headers.host === undefined) return false;
  return URL.canParse(origin) && new URL(origin).host === req.headers.host;
}

/**
 * Bull Board is a plain Express router outside Nest's guards: the same token check, then the permission. The
 * queues hold every department's timers: the roles that span departments see them (`queues.read`), and only the
 * administrator changes them (`queues.admin`); supervisors audit and never write (docs/domain.md).
 */
export function queuesAdminMiddleware(verifier: AccessTokenVerifier) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const refuse = (status: number, code: string, title: string): void => problem(res, status, code, title);
    const credentials = queuesCredentials(req);
    if (credentials === undefined) return refuse(401, 'missing-token', 'Cần đăng nhập (Authorization: Bearer <token>, hoặc mở từ giao diện KNTC).');
    const reading = READS.has(req.method ?? 'GET');
    if (!reading && credentials.byCookie && !sameOrigin(req)) return refuse(403, 'cross-site-request', 'Thao tác trên hàng đợi phải gửi từ trang của KNTC.');
    verifier.verify(credentials.token).then(
      (actor) => {
        if (!hasPermission(actor.role, 'queues.read')) return refuse(403, 'role-not-allowed', 'Chỉ quản trị hệ thống và giám sát viên được xem hàng đợi.');
        if (!reading && !hasPermission(actor.role, 'queues.admin')) return refuse(403, 'role-not-allowed', 'Chỉ quản trị hệ thống được thay đổi hàng đợi.');
        next();
      },
      () => refuse(401, 'invalid-token', 'Mã đăng nhập không hợp lệ hoặc đã hết hạn.'),
    );
  };
}

/** Seconds a client is told to wait (Retry-After) when the queues' Redis does not answer. */
export const QUEUES_RETRY_AFTER_SECONDS = 5;

function problem(res: ServerResponse, status: number, code: string, title: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title, status, code }));
}

/** 503 with Retry-After: the queues' Redis is down or hung. */
export function queuesUnavailable(res: ServerResponse): void {
  problem(res, 503, 'queues-unavailable', 'Không kết nối được Redis của hàng đợi; thử lại sau.', { 'Retry-After': String(QUEUES_RETRY_AFTER_SECONDS) });
}

/**
 * Bull Board's calls wait for Redis as long as it takes: before one runs, Redis must be connected and answer a
 * PING within `timeoutMs`, or the request is answered 503 at once instead of hanging.
 */
export function queuesRedisGate(redis: Redis, timeoutMs: number) {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (redis.status !== 'ready') return queuesUnavailable(res);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('PING timed out')), timeoutMs);
    });
    Promise.race([redis.ping(), timeout]).then(
      () => {
        clearTimeout(timer);
        next();
      },
      () => {
        clearTimeout(timer);
        queuesUnavailable(res);
      },
    );
  };
}

/** Bull Board's answers name every department's cases and timers: no cache keeps them, and no header names the framework. */
export function queuesResponseHeaders() {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
