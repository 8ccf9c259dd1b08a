import type { ApiHeaderOptions } from '@nestjs/swagger';

/** OpenAPI texts of the headers every command route takes; its answers are declared with @ApiAnswers (apps/api/src/openapi). */
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
