import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { commandsOf, CurrentActor, permissionsOf, RequiresPermission, type Permission } from '@kntc/auth';
import { WORKFLOW_REGISTRY } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import type { CaseCommandType, WorkflowRegistry } from '@kntc/workflow';
import { ApiAnswers } from '../openapi/api-answers.decorator';

export interface CurrentUserResponse {
  user: Actor;
  /** The queries and commands of the permission table this user's role holds. */
  permissions: Permission[];
  /** The case commands the loaded workflows give this role in some stage. */
  commands: CaseCommandType[];
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class CurrentUserHttpController {
  constructor(@Inject(WORKFLOW_REGISTRY) private readonly workflows: WorkflowRegistry) {}

  @Get('me')
  @RequiresPermission('profile.read')
  @ApiOperation({ operationId: 'currentUser', summary: 'Người dùng hiện tại: vai trò, đơn vị, các quyền' })
  @ApiAnswers('CurrentUserResponse')
  me(@CurrentActor() actor: Actor): CurrentUserResponse {
    return { user: actor, permissions: permissionsOf(actor.role), commands: commandsOf(actor.role, this.workflows) };
  }
}
