import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { CASE_COMMAND_ROUTES, isCaseCommandSegment, parseCaseCommand } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { ApiProblem } from '../shared/api-problem.error';
import { ParseCaseIdPipe } from './case-id.pipe';
import { CaseCommandService, type CaseCommandResponse } from './case-command.service';
import { readCommandHeaders } from './command-headers';
import { setCommandHeaders } from './command-response.headers';
import { commandBody } from './request-body';

/** `POST /api/cases/:id/<action>` for every command on an existing case; the OpenAPI document lists each action. */
@ApiExcludeController()
@Controller('cases')
export class CaseCommandsHttpController {
  constructor(private readonly cases: CaseCommandService) {}

  @Post(':id/:action')
  @HttpCode(200)
  @RequiresPermission('case.command')
  async execute(
    @Param('action') action: string,
    @Param('id', ParseCaseIdPipe) caseId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseCommandResponse> {
    if (!isCaseCommandSegment(action)) {
      const actions = Object.keys(CASE_COMMAND_ROUTES);
      throw new ApiProblem(404, 'unknown-command', 'Thao tác không tồn tại', `Không có thao tác "${action.slice(0, 100)}". Các thao tác: ${actions.join(', ')}.`, {
        allowedActions: actions,
      });
    }
    const headers = readCommandHeaders(request, { ifMatch: true });
    const command = parseCaseCommand(CASE_COMMAND_ROUTES[action].type, caseId, commandBody(request, body));
    const outcome = await this.cases.run(command, actor, headers);
    setCommandHeaders(response, outcome);
    return outcome.body;
  }
}
