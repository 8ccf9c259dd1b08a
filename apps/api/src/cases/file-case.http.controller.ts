import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { EVENT_STORE, FILE_CASE_ROUTE, FileCaseRequestDto, parseCaseCommand, resolveFilingCaseId } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import type { Actor } from '@kntc/domain';
import { CaseCommandService, type CaseCommandResponse } from './case-command.service';
import { readCommandHeaders } from './command-headers';
import { setCommandHeaders } from './command-response.headers';
import { commandBody } from './request-body';
import { COMMAND_HEADERS_DOC } from './case-openapi.docs';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { COMMAND_PROBLEMS } from '../openapi/problem-responses';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class FileCaseHttpController {
  constructor(
    private readonly cases: CaseCommandService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('case.command')
  @ApiOperation({ operationId: 'fileCase', summary: FILE_CASE_ROUTE.summary })
  @ApiBody({ type: FileCaseRequestDto })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiHeader(COMMAND_HEADERS_DOC.correlationId)
  @ApiAnswers('CaseCommandResponse', COMMAND_PROBLEMS, {
    status: 201,
    description: 'Đã tạo hồ sơ; nội dung gồm kết quả lệnh và hồ sơ sau lệnh (header ETag: phiên bản hồ sơ).',
  })
  async fileCase(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseCommandResponse> {
    const headers = readCommandHeaders(request, { ifMatch: false });
    // Without a case id in the body, retries of one filing (same key) name the same case.
    const command = parseCaseCommand('FileCase', await resolveFilingCaseId(this.store, actor.id, headers.idempotencyKey), commandBody(request, body));
    const outcome = await this.cases.run(command, actor, headers);
    setCommandHeaders(response, outcome);
    response.setHeader('Location', `/api/cases/${outcome.body.caseId}`);
    return outcome.body;
  }
}
