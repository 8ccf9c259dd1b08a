import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { checkText, GetCaseQuery, type CaseView, type IdentityReveal } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ApiProblem } from '../shared/api-problem.error';
import { ParseCaseIdPipe } from './case-id.pipe';
import { etagOf } from './command-response.headers';
import { readCorrelationId } from './command-headers';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { STORE_PROBLEMS } from '../openapi/problem-responses';

const MIN_REASON_LENGTH = 5;
const MAX_REASON_LENGTH = 500;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @RequiresPermission('case.read')
  @ApiOperation({
    operationId: 'getCase',
    summary: 'Xem hồ sơ: bước hiện tại, thời hạn, các thao tác được phép',
    description:
      'Danh tính bí mật (người tố cáo, người yêu cầu giữ bí mật) luôn bị ẩn ở đây; xem bản giải mã bằng POST /api/cases/{id}/identity-reveal.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiAnswers('CaseView', [STORE_PROBLEMS, { 400: ['invalid-case-id', 'reveal-by-post'], 404: ['case-not-found'] }], {
    description: 'Hồ sơ (header ETag: phiên bản, dùng cho If-Match); identityStatus: sealed hoặc shredded. reveal-by-post: lý do xem danh tính không được nằm trong URL.',
  })
  async getCase(
    @Param('id', ParseCaseIdPipe) caseId: string,
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseView> {
    if (query['reveal'] !== undefined || query['reason'] !== undefined) {
      throw new ApiProblem(
        400,
        'reveal-by-post',
        'Xem danh tính bằng POST',
        'Xem danh tính bí mật bằng POST /api/cases/{id}/identity-reveal với lý do trong nội dung: lý do không được nằm trong địa chỉ, nơi các máy chủ trung gian ghi nhật ký.',
      );
    }
    const view = await this.queries.execute(new GetCaseQuery(caseId, actor));
    response.setHeader('ETag', etagOf(view.revision));
    return view;
  }

  /**
   * A cleared officer reads a confidential identity, giving a reason; the reveal is recorded (access stream) before
   * anything is decrypted. A POST: the reason names people and must not travel in a URL that proxies log.
   */
  @Post(':id/identity-reveal')
  @HttpCode(200)
  @RequiresPermission('identity.reveal')
  @ApiOperation({
    operationId: 'revealIdentity',
    summary: 'Xem danh tính bí mật của hồ sơ, có lý do; mỗi lần xem được ghi vào nhật ký truy cập',
    description: 'Cán bộ tiếp nhận, chánh thanh tra, giám đốc của chính đơn vị. Trả về hồ sơ với danh tính đã giải mã (identityStatus: revealed).',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      additionalProperties: false,
      properties: { reason: { type: 'string', minLength: MIN_REASON_LENGTH, maxLength: MAX_REASON_LENGTH, description: 'Lý do xem danh tính' } },
    },
  })
  @ApiAnswers(
    'CaseView',
    [STORE_PROBLEMS, { 400: ['invalid-case-id', 'validation-failed', 'reveal-reason-required', 'invalid-correlation-id'], 404: ['case-not-found'] }],
    { description: 'Hồ sơ với danh tính đã giải mã' },
  )
  async revealIdentity(
    @Param('id', ParseCaseIdPipe) caseId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseView> {
    const reveal = parseReveal(body, readCorrelationId(request));
    const view = await this.queries.execute(new GetCaseQuery(caseId, actor, undefined, reveal));
    response.setHeader('ETag', etagOf(view.revision));
    response.setHeader('Cache-Control', 'no-store');
    return view;
  }
}

export function parseReveal(body: unknown, correlationId: string | undefined): IdentityReveal {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const unknown = Object.keys(fields).filter((key) => key !== 'reason');
  if (unknown.length > 0) {
    throw new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Chỉ gửi lý do (reason).', {
      errors: unknown.slice(0, 20).map((field) => ({ field: field.slice(0, 100), message: 'Trường không được phép.' })),
    });
  }
  const reason = typeof fields['reason'] === 'string' ? fields['reason'].normalize('NFC').replace(/\r\n?/g, '\n').trim() : '';
  // The reason is written to the identity-access log: the same characters as any free text, read by auditors.
  const unreadable = reason === '' ? undefined : checkText(reason, { multiline: true });
  if (unreadable !== undefined) {
    throw new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', `reason: ${unreadable}`, { errors: [{ field: 'reason', message: unreadable }] });
  }
  if ([...reason].length < MIN_REASON_LENGTH || [...reason].length > MAX_REASON_LENGTH) {
    throw new ApiProblem(
      400,
      'reveal-reason-required',
      'Cần lý do xem danh tính',
      `Xem danh tính bí mật cần lý do (reason) từ ${MIN_REASON_LENGTH} đến ${MAX_REASON_LENGTH} ký tự; lý do được ghi vào nhật ký truy cập.`,
    );
  }
  return { reason, ...(correlationId !== undefined ? { correlationId } : {}) };
}
