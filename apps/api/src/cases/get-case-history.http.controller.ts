import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CurrentActor } from '@kntc/auth';
import { GetCaseHistoryQuery, type HistoryEntry } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ParseCaseIdPipe } from './case-id.pipe';
import { etagOf } from './command-response.headers';
import { COMMAND_RESPONSES_DOC } from './case-openapi.docs';

export interface CaseHistoryResponse {
  caseId: string;
  revision: number;
  /** Every recorded event in order: actor, business time, reason, metadata; due dates are in DeadlineSet data. */
  events: HistoryEntry[];
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class GetCaseHistoryHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @ApiOperation({ operationId: 'getCaseHistory', summary: 'Lịch sử hồ sơ: mọi sự kiện đã ghi, người thực hiện, thời điểm, lý do, thời hạn' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiResponse({ status: 200, description: 'Các sự kiện theo thứ tự ghi nhận. Danh tính bí mật bị ẩn với vai trò không được phép xem.' })
  @ApiResponse(COMMAND_RESPONSES_DOC[401])
  @ApiResponse(COMMAND_RESPONSES_DOC[404])
  async getHistory(
    @Param('id', ParseCaseIdPipe) caseId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseHistoryResponse> {
    const events = await this.queries.execute(new GetCaseHistoryQuery(caseId, actor));
    const revision = events.length === 0 ? -1 : events[events.length - 1]!.revision;
    response.setHeader('ETag', etagOf(revision));
    return { caseId, revision, events };
  }
}
