import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { GetIdentityAccessLogQuery, type AccessLog } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ParseCaseIdPipe } from './case-id.pipe';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { STORE_PROBLEMS } from '../openapi/problem-responses';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class GetIdentityAccessLogHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/identity-access')
  @RequiresPermission('identity.access-log')
  @ApiOperation({
    operationId: 'getIdentityAccessLog',
    summary: 'Nhật ký truy cập danh tính bí mật: ai đã xem, khi nào, vì sao; việc xóa vĩnh viễn khóa của hồ sơ',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiAnswers('AccessLog', [STORE_PROBLEMS, { 400: ['invalid-case-id'], 404: ['case-not-found'] }], {
    description: 'Các bản ghi theo thứ tự, và chain: chuỗi băm của nhật ký còn nguyên vẹn hay không.',
  })
  getAccessLog(@Param('id', ParseCaseIdPipe) caseId: string, @CurrentActor() actor: Actor): Promise<AccessLog> {
    return this.queries.execute(new GetIdentityAccessLogQuery(caseId, actor));
  }
}
