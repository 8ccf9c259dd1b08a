import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { GetCaseQuery, type CaseView, type IdentityReveal } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ApiProblem } from '../shared/api-problem.error';
import { ParseCaseIdPipe } from './case-id.pipe';
import { etagOf } from './command-response.headers';
import { COMMAND_RESPONSES_DOC } from './case-openapi.docs';
import { readCommandHeaders } from './command-headers';

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
      'Danh tính bí mật (người tố cáo, người yêu cầu giữ bí mật) luôn bị ẩn. Cán bộ tiếp nhận, chánh thanh tra, giám đốc của chính đơn vị ' +
      'có thể xem bản giải mã với reveal=true và lý do (reason); mỗi lần xem được ghi vào nhật ký truy cập của hồ sơ.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiQuery({ name: 'reveal', required: false, enum: ['true'], description: 'Giải mã danh tính bí mật (cần quyền identity.reveal)' })
  @ApiQuery({ name: 'reason', required: false, description: `Lý do xem danh tính (${MIN_REASON_LENGTH}–${MAX_REASON_LENGTH} ký tự), bắt buộc khi reveal=true` })
  @ApiResponse({ status: 200, description: 'Hồ sơ (header ETag: phiên bản, dùng cho If-Match); identityStatus: sealed, revealed hoặc shredded.' })
  @ApiResponse(COMMAND_RESPONSES_DOC[401])
  @ApiResponse({ ...COMMAND_RESPONSES_DOC[403], description: 'Vai trò không được xem danh tính bí mật (permission-denied)' })
  @ApiResponse(COMMAND_RESPONSES_DOC[404])
  async getCase(
    @Param('id', ParseCaseIdPipe) caseId: string,
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseView> {
    const reveal = parseReveal(query, () => readCommandHeaders(request, { ifMatch: false }).correlationId);
    const view = await this.queries.execute(new GetCaseQuery(caseId, actor, undefined, reveal));
    response.setHeader('ETag', etagOf(view.revision));
    return view;
  }
}

function parseReveal(query: Record<string, unknown>, correlationIdOf: () => string | undefined): IdentityReveal | undefined {
  const reveal = query['reveal'];
  if (reveal === undefined || reveal === 'false') return undefined;
  if (reveal !== 'true') throw new ApiProblem(400, 'invalid-query', 'Tham số không hợp lệ', 'reveal phải là true hoặc false.');
  const reason = typeof query['reason'] === 'string' ? query['reason'].normalize('NFC').trim() : '';
  if ([...reason].length < MIN_REASON_LENGTH || [...reason].length > MAX_REASON_LENGTH) {
    throw new ApiProblem(
      400,
      'reveal-reason-required',
      'Cần lý do xem danh tính',
      `Xem danh tính bí mật cần lý do (reason) từ ${MIN_REASON_LENGTH} đến ${MAX_REASON_LENGTH} ký tự; lý do được ghi vào nhật ký truy cập.`,
    );
  }
  const correlationId = correlationIdOf();
  return { reason, ...(correlationId !== undefined ? { correlationId } : {}) };
}
