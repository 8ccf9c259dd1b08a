import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canSeeDepartment, CurrentActor, RequiresPermission, UsersDirectory } from '@kntc/auth';
import { WORKFLOW_REGISTRY } from '@kntc/cases';
import { CONTINUE_AFTER_WITHDRAWAL_GROUNDS, REJECTION_GROUNDS, type Actor } from '@kntc/domain';
import type { CaseFamily, CommandRule, WorkflowRegistry } from '@kntc/workflow';
import type { Department } from './departments.file';
import { ApiAnswers } from '../openapi/api-answers.decorator';

export const DEPARTMENTS = Symbol('Departments');

export interface CatalogKind {
  kind: string;
  name: string;
  family: CaseFamily;
  version: number;
  initialStage: string;
  stages: Array<{ stage: string; label: string; final: boolean }>;
  commands: Array<{ command: string; label: string; roles: string[] }>;
  clocks: Array<{ clock: string; label: string }>;
}

export interface CatalogResponse {
  /** Each case kind's latest workflow: its name, stages, commands and clocks with their Vietnamese labels. */
  kinds: CatalogKind[];
  /** Department codes: those of the departments file and of the users file (embedded sign-in). */
  departments: string[];
  /** Full names of the departments the departments file names. */
  departmentNames: Record<string, string>;
  /** The inspectors a case of the user's department(s) can be assigned to (embedded sign-in); empty with OIDC. */
  inspectors: Array<{ id: string; name: string; department: string }>;
  /** The legal grounds for not accepting a đơn, by case family: code → Vietnamese text with the article. */
  rejectionGrounds: Record<string, Record<string, string>>;
  /** The grounds on which a withdrawn denunciation is still resolved (Luật Tố cáo 2018, art. 33). */
  continueAfterWithdrawalGrounds: Record<string, string>;
}

/**
 * What the web UI needs to label kinds, stages, commands and clocks and to offer filters, read from the loaded
 * workflows (their latest versions: a case on an older version shows the latest names of the same codes).
 */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class CatalogHttpController {
  constructor(
    @Inject(WORKFLOW_REGISTRY) private readonly workflows: WorkflowRegistry,
    @Inject(DEPARTMENTS) private readonly departments: readonly Department[],
    @Optional() private readonly users?: UsersDirectory,
  ) {}

  @Get()
  @RequiresPermission('profile.read')
  @ApiOperation({ operationId: 'catalog', summary: 'Danh mục: loại hồ sơ, các bước, thao tác, thời hạn (theo quy trình đang dùng), đơn vị, thanh tra viên, căn cứ pháp lý' })
  @ApiAnswers('CatalogResponse')
  catalog(@CurrentActor() actor: Actor): CatalogResponse {
    const kinds = this.workflows.kinds().map((kind): CatalogKind => {
      const definition = this.workflows.latest(kind);
      const commands = Object.entries(definition.commands) as Array<[string, CommandRule]>;
      return {
        kind,
        name: definition.name,
        family: definition.family,
        version: definition.version,
        initialStage: definition.initialStage,
        stages: Object.entries(definition.stages).map(([stage, rule]) => ({ stage, label: rule.label, final: rule.final === true })),
        commands: commands.map(([command, rule]) => ({ command, label: rule.label, roles: [...rule.roles] })),
        clocks: Object.entries(definition.clocks).map(([clock, rule]) => ({ clock, label: rule.label })),
      };
    });
    const users = this.users?.list() ?? [];
    const departments = [...new Set([...this.departments.map((d) => d.code), ...users.map((user) => user.department)])].sort();
    const inspectors = users
      .filter((user) => user.role === 'inspector' && canSeeDepartment(actor, user.department))
      .map((user) => ({ id: user.id, name: user.name, department: user.department }));
    return {
      kinds,
      departments,
      departmentNames: Object.fromEntries(this.departments.map((d) => [d.code, d.name])),
      inspectors,
      rejectionGrounds: REJECTION_GROUNDS,
      continueAfterWithdrawalGrounds: CONTINUE_AFTER_WITHDRAWAL_GROUNDS,
    };
  }
}
