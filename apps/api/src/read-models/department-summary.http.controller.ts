import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { DEPARTMENT_CASES_PROJECTION, DepartmentCasesQueries, type DepartmentSummary } from '@kntc/read-models';
import { ApiProblem } from '../shared/api-problem.error';
import { AFTER_PARAMETER, AwaitReadModelInterceptor, ReadsFrom } from './await-read-model.interceptor';
import { onlyParameters } from './read-model-query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { READ_MODEL_PROBLEMS } from '../openapi/problem-responses';

export type DepartmentSummaryAnswer = Omit<DepartmentSummary, 'position'> & { position: string };

@ApiTags('read models')
@ApiBearerAuth()
@Controller('departments')
@UseInterceptors(AwaitReadModelInterceptor)
@ReadsFrom(DEPARTMENT_CASES_PROJECTION)
export class DepartmentSummaryHttpController {
  constructor(private readonly cases: DepartmentCasesQueries) {}

  @Get(':id/summary')
  @RequiresPermission('department.summary')
  @ApiOperation({ operationId: 'getDepartmentSummary', summary: 'Số liệu của đơn vị: số hồ sơ theo loại, theo bước, theo tình trạng thời hạn, nhận và giải quyết theo tháng' })
  @ApiParam({ name: 'id', description: 'Mã đơn vị', example: 'so-tnmt' })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí (position) một lệnh đã trả về: chỉ trả lời khi số liệu đã cập nhật đến đó' })
  @ApiAnswers('DepartmentSummaryAnswer', [READ_MODEL_PROBLEMS, { 404: ['department-not-found'] }], { description: 'Số liệu tổng hợp, tính đến hôm nay' })
  async getDepartmentSummary(@Param('id') department: string, @Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<DepartmentSummaryAnswer> {
    onlyParameters(raw, [AFTER_PARAMETER]);
    const summary = await this.cases.summary(actor, department);
    if (summary === undefined) {
      // As for a department that does not exist: another unit's existence is not disclosed.
      throw new ApiProblem(404, 'department-not-found', 'Không tìm thấy đơn vị', `Không có đơn vị "${department.slice(0, 100)}" trong phạm vi được xem.`);
    }
    return { ...summary, position: summary.position.toString() };
  }
}
