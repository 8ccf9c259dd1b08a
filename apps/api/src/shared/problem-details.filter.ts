import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthenticationError, AuthenticationUnavailableError, AuthorizationError, KeyStoreUnavailableError, RateLimitedError } from '@kntc/auth';
import {
  BusinessTimeNotAllowedError,
  CaseNotFoundError,
  CommandValidationError,
  DepartmentNotAllowedError,
  IdempotencyKeyReusedError,
} from '@kntc/cases';
import { CommandRefused, NewerEventVersionError } from '@kntc/domain';
import { ConcurrencyError, StoreUnavailableError } from '@kntc/event-store';
import { UnknownWorkflowError } from '@kntc/workflow';
import { ApiProblem } from './api-problem.error';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/** Seconds a client should wait before retrying while the store is unreachable. */
const STORE_RETRY_AFTER_SECONDS = 5;

interface Answer {
  problem: ProblemDetails;
  headers?: Record<string, string>;
  /** Unexpected: logged with the error, answered without any of its details. */
  unexpected?: boolean;
}

/** Every error leaves the API as application/problem+json with a stable `code` and Vietnamese texts. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const adapter = this.adapterHost.httpAdapter;
    const http = host.switchToHttp();
    const request: unknown = http.getRequest();
    const response: unknown = http.getResponse();
    const answer = toAnswer(exception);
    if (answer.unexpected) this.logger.error(exception instanceof Error ? exception : new Error(String(exception)), 'unexpected error');
    else if (answer.problem.status === 503) this.logger.warn(`${answer.problem.code}: ${exception instanceof Error ? exception.message : String(exception)}`);
    if (adapter.isHeadersSent(response)) return;
    for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(response, name, value);
    adapter.setHeader(response, 'Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    const instance = String(adapter.getRequestUrl(request)).split('?')[0];
    adapter.reply(response, { ...answer.problem, instance }, answer.problem.status);
  }
}

function toAnswer(exception: unknown): Answer {
  if (exception instanceof ApiProblem) {
    return { problem: problem(exception.status, exception.code, exception.title, exception.detail, exception.extras) };
  }
  if (exception instanceof AuthenticationError) {
    if (exception.code === 'invalid-credentials') return { problem: problem(401, exception.code, 'Đăng nhập không thành công', exception.message) };
    const challenge = exception.code === 'missing-token' ? 'Bearer realm="kntc"' : 'Bearer realm="kntc", error="invalid_token"';
    return { problem: problem(401, exception.code, 'Chưa xác thực', exception.message), headers: { 'WWW-Authenticate': challenge } };
  }
  if (exception instanceof AuthorizationError) {
    return { problem: problem(403, exception.code, 'Không được phép', exception.message, exception.permission ? { permission: exception.permission } : {}) };
  }
  if (exception instanceof RateLimitedError) {
    return {
      problem: problem(429, exception.code, 'Quá nhiều yêu cầu', exception.message, { retryAfter: exception.retryAfterSeconds }),
      headers: { 'Retry-After': String(exception.retryAfterSeconds) },
    };
  }
  if (exception instanceof AuthenticationUnavailableError) {
    return {
      problem: problem(503, exception.code, 'Không kiểm tra được đăng nhập', 'Chưa lấy được khóa của hệ thống đăng nhập một lần; vui lòng thử lại sau ít phút.'),
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  if (exception instanceof CommandValidationError) {
    return { problem: problem(400, exception.code, 'Dữ liệu không hợp lệ', 'Yêu cầu có trường không hợp lệ; xem danh sách lỗi.', { errors: exception.errors }) };
  }
  if (exception instanceof CommandRefused) {
    const status = exception.code === 'role-not-allowed' ? 403 : exception.code === 'case-not-found' ? 404 : 422;
    return {
      problem: problem(status, exception.code, REFUSAL_TITLES[status] ?? 'Thao tác bị từ chối', exception.message, {
        allowedCommands: exception.allowedCommands,
        details: exception.details,
      }),
    };
  }
  if (exception instanceof CaseNotFoundError) return { problem: problem(404, exception.code, 'Không tìm thấy hồ sơ', exception.message) };
  if (exception instanceof ConcurrencyError) {
    return {
      problem: problem(
        409,
        'revision-conflict',
        'Hồ sơ đã thay đổi',
        `Hồ sơ đã được cập nhật (phiên bản hiện tại ${exception.actual}, yêu cầu dựa trên phiên bản ${String(exception.expected)}); hãy tải lại hồ sơ rồi thực hiện lại.`,
        { currentRevision: exception.actual },
      ),
      headers: { ETag: `"${exception.actual}"` },
    };
  }
  if (exception instanceof IdempotencyKeyReusedError) {
    return { problem: problem(422, exception.code, 'Idempotency-Key đã được dùng', exception.message) };
  }
  if (exception instanceof BusinessTimeNotAllowedError || exception instanceof DepartmentNotAllowedError) {
    return { problem: problem(403, exception.code, 'Không được phép', exception.message) };
  }
  if (exception instanceof UnknownWorkflowError) {
    return { problem: problem(422, 'unknown-case-kind', 'Loại hồ sơ không tồn tại', `Không có quy trình cho loại hồ sơ "${exception.kind}".`) };
  }
  if (exception instanceof StoreUnavailableError) {
    return {
      problem: problem(503, exception.code, 'Hệ thống tạm thời không khả dụng', 'Kho dữ liệu hồ sơ tạm thời không truy cập được; vui lòng thử lại sau ít phút.'),
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  if (exception instanceof KeyStoreUnavailableError) {
    return {
      problem: problem(503, exception.code, 'Hệ thống tạm thời không khả dụng', 'Kho khóa bảo mật danh tính tạm thời không ghi hoặc đọc được; không có gì được ghi. Vui lòng thử lại sau ít phút.'),
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  if (exception instanceof NewerEventVersionError) {
    // A rolling upgrade under way: a process of the newer release can decide on this case; this one must not.
    return {
      problem: problem(503, 'event-version-unsupported', 'Hệ thống đang được nâng cấp', 'Hồ sơ có dữ liệu do phiên bản mới hơn ghi; vui lòng thử lại sau ít phút.'),
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  return { problem: problem(500, 'internal-error', 'Lỗi hệ thống', 'Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại.'), unexpected: true };
}

const REFUSAL_TITLES: Record<number, string> = {
  403: 'Vai trò không được phép',
  404: 'Không tìm thấy hồ sơ',
  422: 'Thao tác bị từ chối',
};

/** Errors Nest and Express raise themselves: unknown routes, body parsing, health checks. */
function fromHttpException(exception: HttpException): Answer {
  const status = exception.getStatus();
  const cause = exception.cause as { type?: unknown } | undefined;
  if (cause?.type === 'entity.parse.failed' || (status === 400 && cause instanceof SyntaxError)) {
    return { problem: problem(400, 'malformed-json', 'JSON không hợp lệ', 'Nội dung yêu cầu không phải JSON hợp lệ.') };
  }
  if (status === 413) {
    return { problem: problem(413, 'payload-too-large', 'Yêu cầu quá lớn', 'Nội dung yêu cầu vượt quá giới hạn cho phép.') };
  }
  if (status === 415 || cause?.type === 'encoding.unsupported' || cause?.type === 'charset.unsupported') {
    return { problem: problem(415, 'unsupported-media-type', 'Định dạng không được hỗ trợ', 'Nội dung yêu cầu phải là JSON (UTF-8).') };
  }
  if (status === 404) return { problem: problem(404, 'not-found', 'Không tìm thấy', 'Không có tài nguyên tại địa chỉ này.') };
  if (status === 405) return { problem: problem(405, 'method-not-allowed', 'Phương thức không được hỗ trợ', 'Địa chỉ này không hỗ trợ phương thức HTTP đã dùng.') };
  if (status === 503) {
    return {
      problem: problem(503, 'unhealthy', 'Hệ thống không khả dụng', 'Một thành phần của hệ thống không hoạt động.', { checks: exception.getResponse() }),
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    };
  }
  if (status === 400) {
    const body = exception.getResponse() as { message?: unknown };
    const messages = Array.isArray(body.message) ? body.message.map(String) : [];
    return {
      problem: problem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Yêu cầu không hợp lệ.', {
        errors: messages.map((message) => ({ field: '', message })),
      }),
    };
  }
  if (status < 500) return { problem: problem(status, `http-${status}`, 'Yêu cầu không được chấp nhận', 'Yêu cầu không được chấp nhận.') };
  return { problem: problem(500, 'internal-error', 'Lỗi hệ thống', 'Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại.'), unexpected: true };
}
