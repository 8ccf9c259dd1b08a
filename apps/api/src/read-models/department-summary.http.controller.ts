import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { DEPARTMENT_CASES_PROJECTION, DepartmentCasesQueries, type DepartmentSummary } from '@kntc/read-models';
import { COMMAND_RESPONSES_DOC } from '../cases/case-openapi.docs';
import { ApiProblem } from '../shared/api-problem.error';
import { AFTER_PARAMETER, AwaitReadModelInterceptor, ReadsFrom } from './await-read-model.interceptor';
import { onlyParameters } from './read-model-query';

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
  @ApiResponse({ status: 200, description: 'Số liệu tổng hợp, tính đến hôm nay' })
  @ApiResponse(COMMAND_RESPONSES_DOC[401])
  @ApiResponse({ ...COMMAND_RESPONSES_DOC[404], description: 'Đơn vị không tồn tại hoặc người dùng không được xem (department-not-found)' })
  @ApiResponse({ status: 503, description: 'Số liệu chưa cập nhật đến vị trí after (read-model-behind, kèm Retry-After)' })
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
