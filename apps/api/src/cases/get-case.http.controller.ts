import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CurrentActor } from '@kntc/auth';
import { GetCaseQuery, type CaseView } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ParseCaseIdPipe } from './case-id.pipe';
import { etagOf } from './command-response.headers';
import { COMMAND_RESPONSES_DOC } from './case-openapi.docs';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getCase', summary: 'Xem hồ sơ: bước hiện tại, thời hạn, các thao tác được phép' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã hồ sơ' })
  @ApiResponse({ status: 200, description: 'Hồ sơ (header ETag: phiên bản, dùng cho If-Match). Danh tính bí mật bị ẩn với vai trò không được phép xem.' })
  @ApiResponse(COMMAND_RESPONSES_DOC[401])
  @ApiResponse(COMMAND_RESPONSES_DOC[404])
  async getCase(@Param('id', ParseCaseIdPipe) caseId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse): Promise<CaseView> {
    const view = await this.queries.execute(new GetCaseQuery(caseId, actor));
    response.setHeader('ETag', etagOf(view.revision));
    return view;
  }
}
