import type { IncomingMessage } from 'node:http';
import { ApiProblem } from '../shared/api-problem.error';

export interface CommandHeaders {
  /** The client's Idempotency-Key: required, since without one a retried command would run twice. */
  idempotencyKey: string;
  /** From If-Match: the case revision the client saw. */
  expectedRevision?: number;
  correlationId?: string;
}

const MAX_KEY_LENGTH = 200;
/** Visible ASCII: keys and ids travel in headers, logs and event metadata. */
const TOKEN = /^[\x21-\x7e]+$/;
/** `3` or `"3"`: the ETag the API sends, always strong. */
const REVISION = /^(?:(\d{1,15})|"(\d{1,15})")$/;
const WEAK_REVISION = /^W\/"\d{1,15}"$/;

/** The headers of a command: Idempotency-Key (required), If-Match when the route takes one, X-Correlation-Id. */
export function readCommandHeaders(request: IncomingMessage, options: { ifMatch: boolean }): CommandHeaders {
  const key = header(request, 'idempotency-key');
  if (key === undefined) {
    throw new ApiProblem(
      400,
      'idempotency-key-required',
      'Thiếu Idempotency-Key',
      'Mỗi lệnh cần header Idempotency-Key (một mã ngẫu nhiên cho mỗi lần thao tác, gửi lại đúng mã đó khi thử lại), để lệnh gửi lại không được ghi hai lần.',
    );
  }
  if (!(key.length <= MAX_KEY_LENGTH && TOKEN.test(key))) {
    throw new ApiProblem(400, 'invalid-idempotency-key', 'Idempotency-Key không hợp lệ', `Idempotency-Key phải gồm 1–${MAX_KEY_LENGTH} ký tự ASCII nhìn thấy được, không có khoảng trắng.`);
  }
  const correlationId = readCorrelationId(request);
  const ifMatch = options.ifMatch ? header(request, 'if-match') : undefined;
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    if (WEAK_REVISION.test(ifMatch)) {
      // RFC 9110 §13.1.1: If-Match uses strong comparison, so a weak tag never matches and the precondition fails.
      throw new ApiProblem(412, 'weak-etag', 'If-Match không khớp', 'If-Match so sánh chặt nên không nhận ETag yếu (W/"…"); gửi ETag đã nhận, ví dụ "3".');
    }
    const match = REVISION.exec(ifMatch);
    if (!match) {
      throw new ApiProblem(400, 'invalid-if-match', 'If-Match không hợp lệ', 'If-Match phải là số phiên bản của hồ sơ, ví dụ 3 hoặc "3" (giá trị ETag đã nhận).');
    }
    expectedRevision = Number(match[1] ?? match[2]);
  }
  return {
    idempotencyKey: key,
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
  };
}

/** X-Correlation-Id, checked: it is written into event metadata and logs. */
export function readCorrelationId(request: IncomingMessage): string | undefined {
  const correlationId = header(request, 'x-correlation-id');
  if (correlationId !== undefined && !(correlationId.length <= MAX_KEY_LENGTH && TOKEN.test(correlationId))) {
    throw new ApiProblem(400, 'invalid-correlation-id', 'X-Correlation-Id không hợp lệ', `X-Correlation-Id phải gồm 1–${MAX_KEY_LENGTH} ký tự ASCII nhìn thấy được, không có khoảng trắng.`);
  }
  return correlationId;
}

/** A header's value, trimmed; undefined when absent or empty. */
function header(request: IncomingMessage, name: string): string | undefined {
  const raw = request.headers[name];
  const value = (Array.isArray(raw) ? raw.join(', ') : raw)?.trim();
  return value === undefined || value === '' ? undefined : value;
}
