import { bearerTokenOf, hasPermission, type AccessTokenVerifier } from '@kntc/auth';
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
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = req.headers.origin;
  if (origin === undefined || req.headers.host === undefined) return false;
  return URL.canParse(origin) && new URL(origin).host === req.headers.host;
}

/**
 * Bull Board is a plain Express router outside Nest's guards: the same token check, then the permission.
 * Supervisors audit and never write (DOMAIN.md): they see the queues, and only directors change them.
 */
export function queuesAdminMiddleware(verifier: AccessTokenVerifier) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const refuse = (status: number, code: string, title: string): void => {
      res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title, status, code }));
    };
    const credentials = queuesCredentials(req);
    if (credentials === undefined) return refuse(401, 'missing-token', 'Cần đăng nhập (Authorization: Bearer <token>, hoặc mở từ giao diện KNTC).');
    const reading = READS.has(req.method ?? 'GET');
    if (!reading && credentials.byCookie && !sameOrigin(req)) return refuse(403, 'cross-site-request', 'Thao tác trên hàng đợi phải gửi từ trang của KNTC.');
    verifier.verify(credentials.token).then(
      (actor) => {
        if (!hasPermission(actor.role, 'queues.admin')) return refuse(403, 'role-not-allowed', 'Chỉ giám sát viên và giám đốc được xem hàng đợi.');
        if (!reading && actor.role === 'supervisor') return refuse(403, 'role-not-allowed', 'Giám sát viên chỉ được xem hàng đợi, không được thay đổi.');
        next();
      },
      () => refuse(401, 'invalid-token', 'Mã đăng nhập không hợp lệ hoặc đã hết hạn.'),
    );
  };
}
