import type { AccessTokenVerifier } from '@kntc/auth';
import type { Role } from '@kntc/workflow';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Who may open Bull Board: there is no admin role; the province's supervisors and the directors operate the queues. */
export const QUEUE_ADMIN_ROLES: readonly Role[] = ['supervisor', 'director'];

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/;

/** Bull Board is a plain Express router outside Nest's guards: the same bearer check, then the role. */
export function queuesAdminMiddleware(verifier: AccessTokenVerifier) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    const refuse = (status: number, code: string, title: string): void => {
      res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title, status, code }));
    };
    if (!match) return refuse(401, 'missing-token', 'Cần đăng nhập (Authorization: Bearer <token>).');
    verifier.verify(match[1]!).then(
      (actor) => (QUEUE_ADMIN_ROLES.includes(actor.role) ? next() : refuse(403, 'role-not-allowed', 'Chỉ giám sát viên và giám đốc được xem hàng đợi.')),
      () => refuse(401, 'invalid-token', 'Mã đăng nhập không hợp lệ hoặc đã hết hạn.'),
    );
  };
}
