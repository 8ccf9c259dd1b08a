import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { GetCaseHistoryQuery, type HistoryEntry } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import type { ChainStatus } from '@kntc/event-store';
import { ParseCaseIdPipe } from './case-id.pipe';
import { etagOf } from './command-response.headers';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { STORE_PROBLEMS } from '../openapi/problem-responses';

export interface CaseHistoryResponse {
  caseId: string;
  revision: number;
  /** Whether the hash chain of the stored events holds, or the first event that does not match it. */
  chain: ChainStatus;
  /** Every recorded event in order: actor, business time, reason, metadata; due dates are in DeadlineSet data. */
  events: HistoryEntry[];
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class GetCaseHistoryHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @RequiresPermission('case.history')
  @ApiOperation({ operationId: 'getCaseHistory', summary: 'Lịch sử hồ sơ: mọi sự kiện đã ghi, người thực hiện, thời điểm, lý do, thời hạn' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiAnswers('CaseHistoryResponse', [STORE_PROBLEMS, { 400: ['invalid-case-id'], 404: ['case-not-found'] }], {
    description:
      'Các sự kiện theo thứ tự ghi nhận; danh tính bí mật luôn bị ẩn. chain: chuỗi băm của các sự kiện còn nguyên vẹn (valid: true) ' +
      'hay sự kiện đầu tiên không khớp (brokenAt).',
  })
  async getHistory(
    @Param('id', ParseCaseIdPipe) caseId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseHistoryResponse> {
    const { events, chain } = await this.queries.execute(new GetCaseHistoryQuery(caseId, actor));
    const revision = events.length === 0 ? -1 : events[events.length - 1]!.revision;
    response.setHeader('ETag', etagOf(revision));
    return { caseId, revision, chain, events };
  }
}
