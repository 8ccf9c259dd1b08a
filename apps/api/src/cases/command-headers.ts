import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiProblem } from '../shared/api-problem.error';

export interface CommandHeaders {
  /** The client's Idempotency-Key, or a fresh random one: without a key, a retry is a new command. */
  idempotencyKey: string;
  /** From If-Match: the case revision the client saw. */
  expectedRevision?: number;
  correlationId?: string;
}

const MAX_KEY_LENGTH = 200;
/** Visible ASCII: keys and ids travel in headers, logs and event metadata. */
const TOKEN = /^[\x21-\x7e]+$/;
/** `3`, `"3"` or the weak form `W/"3"`. */
const REVISION = /^(?:(\d{1,15})|(?:W\/)?"(\d{1,15})")$/;

export function readCommandHeaders(request: IncomingMessage, options: { ifMatch: boolean }): CommandHeaders {
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !(key.length <= MAX_KEY_LENGTH && TOKEN.test(key))) {
    throw new ApiProblem(400, 'invalid-idempotency-key', 'Idempotency-Key không hợp lệ', `Idempotency-Key phải gồm 1–${MAX_KEY_LENGTH} ký tự ASCII nhìn thấy được, không có khoảng trắng.`);
  }
  const correlationId = header(request, 'x-correlation-id');
  if (correlationId !== undefined && !(correlationId.length <= MAX_KEY_LENGTH && TOKEN.test(correlationId))) {
    throw new ApiProblem(400, 'invalid-correlation-id', 'X-Correlation-Id không hợp lệ', `X-Correlation-Id phải gồm 1–${MAX_KEY_LENGTH} ký tự ASCII nhìn thấy được, không có khoảng trắng.`);
  }
  const ifMatch = options.ifMatch ? header(request, 'if-match') : undefined;
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = REVISION.exec(ifMatch);
    if (!match) {
      throw new ApiProblem(400, 'invalid-if-match', 'If-Match không hợp lệ', 'If-Match phải là số phiên bản của hồ sơ, ví dụ 3 hoặc "3" (giá trị ETag đã nhận).');
    }
    expectedRevision = Number(match[1] ?? match[2]);
  }
  return {
    idempotencyKey: key ?? randomUUID(),
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
  };
}

/** A header's value, trimmed; undefined when absent or empty. */
function header(request: IncomingMessage, name: string): string | undefined {
  const raw = request.headers[name];
  const value = (Array.isArray(raw) ? raw.join(', ') : raw)?.trim();
  return value === undefined || value === '' ? undefined : value;
}
