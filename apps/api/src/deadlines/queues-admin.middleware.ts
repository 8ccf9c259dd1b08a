import { hasPermission, type AccessTokenVerifier } from '@kntc/auth';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The cookie that carries a browser's token to Bull Board, set by POST /api/auth/queues-session. */
export const QUEUES_COOKIE = 'kntc_queues';

const TOKEN = '[A-Za-z0-9._~+/=-]{1,4096}';
const BEARER = new RegExp(`^Bearer (${TOKEN})$`);
const COOKIE = new RegExp(`(?:^|;\\s*)${QUEUES_COOKIE}=(${TOKEN})(?:;|$)`);

/** The token of a request to Bull Board: the Authorization header (API clients) or the queues cookie (a browser). */
export function queuesToken(req: IncomingMessage): string | undefined {
  return BEARER.exec(req.headers.authorization ?? '')?.[1] ?? COOKIE.exec(req.headers.cookie ?? '')?.[1];
}

/** Bull Board is a plain Express router outside Nest's guards: the same token check, then the permission. */
export function queuesAdminMiddleware(verifier: AccessTokenVerifier) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const token = queuesToken(req);
    const refuse = (status: number, code: string, title: string): void => {
      res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title, status, code }));
    };
    if (token === undefined) return refuse(401, 'missing-token', 'Cần đăng nhập (Authorization: Bearer <token>, hoặc mở từ giao diện KNTC).');
    verifier.verify(token).then(
      (actor) =>
        hasPermission(actor.role, 'queues.admin') ? next() : refuse(403, 'role-not-allowed', 'Chỉ giám sát viên và giám đốc được xem hàng đợi.'),
      () => refuse(401, 'invalid-token', 'Mã đăng nhập không hợp lệ hoặc đã hết hạn.'),
    );
  };
}
