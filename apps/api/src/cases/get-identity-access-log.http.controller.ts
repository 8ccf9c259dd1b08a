import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { GetIdentityAccessLogQuery, type AccessLog } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ParseCaseIdPipe } from './case-id.pipe';
import { COMMAND_RESPONSES_DOC } from './case-openapi.docs';

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
  @ApiResponse({ status: 200, description: 'Các bản ghi theo thứ tự, và chain: chuỗi băm của nhật ký còn nguyên vẹn hay không.' })
  @ApiResponse(COMMAND_RESPONSES_DOC[401])
  @ApiResponse(COMMAND_RESPONSES_DOC[403])
  @ApiResponse(COMMAND_RESPONSES_DOC[404])
  getAccessLog(@Param('id', ParseCaseIdPipe) caseId: string, @CurrentActor() actor: Actor): Promise<AccessLog> {
    return this.queries.execute(new GetIdentityAccessLogQuery(caseId, actor));
  }
}
