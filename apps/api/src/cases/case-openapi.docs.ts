import type { ApiHeaderOptions, ApiResponseOptions } from '@nestjs/swagger';

/** OpenAPI texts shared by every command route, the documented ones and those added from CASE_COMMAND_ROUTES. */
export const COMMAND_HEADERS_DOC = {
  idempotencyKey: {
    name: 'Idempotency-Key',
    required: true,
    description:
      'Bắt buộc với mọi lệnh: một mã ngẫu nhiên cho mỗi lần thao tác (1–200 ký tự ASCII nhìn thấy được). Gửi lại cùng khóa thì lệnh chỉ được ghi một lần ' +
      'và nhận lại đúng câu trả lời cũ. Thiếu hoặc để trống: 400 idempotency-key-required, không ghi gì.',
    schema: { type: 'string', maxLength: 200 },
  },
  ifMatch: {
    name: 'If-Match',
    required: false,
    description: 'Phiên bản hồ sơ đã xem (giá trị ETag, ví dụ "3"); hồ sơ đã thay đổi thì trả 409. ETag yếu (W/"3") không bao giờ khớp (RFC 9110, so sánh chặt): 412 weak-etag.',
    schema: { type: 'string', example: '"3"' },
  },
  correlationId: {
    name: 'X-Correlation-Id',
    required: false,
    description: 'Mã theo dõi yêu cầu, được ghi vào siêu dữ liệu của các sự kiện.',
    schema: { type: 'string', maxLength: 200 },
  },
} satisfies Record<string, ApiHeaderOptions>;

export const PROBLEM_SCHEMA_NAME = 'ProblemDetails';

const problemResponse = (status: number, description: string): ApiResponseOptions => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } },
});

export const COMMAND_RESPONSES_DOC = {
  400: problemResponse(400, 'Dữ liệu không hợp lệ (validation-failed, kèm errors), JSON hỏng (malformed-json), thiếu Idempotency-Key (idempotency-key-required), header sai'),
  401: problemResponse(401, 'Thiếu, sai hoặc hết hạn mã truy cập'),
  403: problemResponse(403, 'Vai trò không được thực hiện thao tác này (role-not-allowed, kèm allowedCommands)'),
  404: problemResponse(404, 'Không tìm thấy hồ sơ (hoặc hồ sơ thuộc đơn vị khác)'),
  409: problemResponse(409, 'Hồ sơ đã thay đổi so với If-Match (revision-conflict, kèm currentRevision)'),
  413: problemResponse(413, 'Nội dung yêu cầu quá lớn'),
  422: problemResponse(422, 'Thao tác bị từ chối ở bước hiện tại (kèm code, allowedCommands, details) hoặc Idempotency-Key đã dùng cho yêu cầu khác'),
  503: problemResponse(503, 'Kho dữ liệu tạm thời không truy cập được (Retry-After)'),
} satisfies Record<number, ApiResponseOptions>;
