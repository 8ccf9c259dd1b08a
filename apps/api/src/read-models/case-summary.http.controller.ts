import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { CASE_SUMMARY_PROJECTION, CaseSummaryQueries, type CaseSummaryView } from '@kntc/read-models';
import { ParseCaseIdPipe } from '../cases/case-id.pipe';
import { ApiProblem } from '../shared/api-problem.error';
import { AFTER_PARAMETER, AwaitReadModelInterceptor, ReadsFrom } from './await-read-model.interceptor';
import { onlyParameters } from './read-model-query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { READ_MODEL_PROBLEMS } from '../openapi/problem-responses';

export interface CaseSummaryAnswer {
  summary: CaseSummaryView;
  position: string;
}

@ApiTags('read models')
@ApiBearerAuth()
@Controller('cases')
@UseInterceptors(AwaitReadModelInterceptor)
@ReadsFrom(CASE_SUMMARY_PROJECTION)
export class CaseSummaryHttpController {
  constructor(private readonly summaries: CaseSummaryQueries) {}

  @Get(':id/summary')
  @RequiresPermission('case.read')
  @ApiOperation({
    operationId: 'getCaseSummary',
    summary: 'Tóm tắt hồ sơ từ dữ liệu đọc: bước, thanh tra viên, thời hạn và tình trạng (đúng hạn, sắp đến hạn, quá hạn)',
    description: 'Danh tính bí mật luôn bị ẩn ở đây, với mọi vai trò; người được phép xem đọc hồ sơ đầy đủ ở GET /api/cases/{id}.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí (position) một lệnh đã trả về' })
  @ApiAnswers('CaseSummaryAnswer', [READ_MODEL_PROBLEMS, { 400: ['invalid-case-id'], 404: ['case-not-found'] }], { description: 'Tóm tắt hồ sơ' })
  async getCaseSummary(@Param('id', ParseCaseIdPipe) caseId: string, @Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<CaseSummaryAnswer> {
    onlyParameters(raw, [AFTER_PARAMETER]);
    const answer = await this.summaries.get(caseId, actor);
    if (answer === undefined) throw new ApiProblem(404, 'case-not-found', 'Không tìm thấy hồ sơ', `Không tìm thấy hồ sơ ${caseId}.`);
    return { summary: answer.summary, position: answer.position.toString() };
  }
}
