import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import {
  assertChosenIdAllowed,
  CreateReceptionSessionRequestDto,
  ExecuteReceptionCommand,
  isReceptionCommandSegment,
  parseCreateReceptionSession,
  parseReceptionCommand,
  RECEPTION_COMMAND_ROUTES,
  ReceptionQueries,
  sessionIdOfRequest,
  type ReceptionCommandResult,
  type ReceptionSessionView,
} from '@kntc/cases';
import type { Actor, ReceptionCommand } from '@kntc/domain';
import { ParseCaseIdPipe } from '../cases/case-id.pipe';
import { readCommandHeaders, type CommandHeaders } from '../cases/command-headers';
import { etagOf } from '../cases/command-response.headers';
import { commandBody } from '../cases/request-body';
import { ApiProblem } from '../shared/api-problem.error';
import { asReceptionProblem } from './reception-problems';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { STORE_PROBLEMS } from '../openapi/problem-responses';
import { RECEPTION_COMMAND_PROBLEMS } from './reception-problems';

export interface ReceptionCommandResponse extends Omit<ReceptionCommandResult, 'replayed'> {
  /** The session right after the command (visitors' identities redacted). */
  session: ReceptionSessionView;
}

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: true, description: 'Mã ngẫu nhiên của lần thao tác; gửi lại đúng mã khi thử lại' };
const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'Phiên bản (ETag) của buổi tiếp đã xem' };

/** Reception sessions: a leader session planned and posted, the register of a session and its visits (Luật TCD 2013). */
@ApiTags('reception')
@ApiBearerAuth()
@Controller('reception-sessions')
export class ReceptionSessionsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ReceptionQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('reception.record')
  @ApiOperation({ operationId: 'createReceptionSession', summary: 'Lên lịch buổi tiếp của lãnh đạo (action=plan) hoặc mở sổ buổi tiếp (action=open)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: CreateReceptionSessionRequestDto })
  @ApiAnswers('ReceptionCommandResponse', RECEPTION_COMMAND_PROBLEMS, { status: 201, description: 'Buổi tiếp như sau lệnh; ETag là phiên bản' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<ReceptionCommandResponse> {
    const headers = readCommandHeaders(request, { ifMatch: false });
    const derived = sessionIdOfRequest(actor.id, headers.idempotencyKey);
    const command = parseCreateReceptionSession(commandBody(request, body), derived);
    // Here, not in the handler: the handler cannot tell opening a planned session from opening a new one under a chosen id.
    if (command.sessionId !== derived) assertChosenIdAllowed(actor, 'sessionId', 'mã buổi tiếp');
    return this.run(command, actor, headers, response);
  }

  @Post(':id/:command')
  @HttpCode(200)
  @RequiresPermission('reception.record')
  @ApiOperation({
    operationId: 'receptionSessionCommand',
    summary: `Thao tác trên buổi tiếp: ${Object.entries(RECEPTION_COMMAND_ROUTES)
      .map(([segment, route]) => `${segment} (${route.label})`)
      .join(', ')}`,
  })
  @ApiParam({ name: 'id', description: 'Mã buổi tiếp (UUID)' })
  @ApiParam({ name: 'command', enum: Object.keys(RECEPTION_COMMAND_ROUTES) })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiAnswers('ReceptionCommandResponse', RECEPTION_COMMAND_PROBLEMS, { description: 'Buổi tiếp như sau lệnh; ETag là phiên bản' })
  async execute(
    @Param('id', ParseCaseIdPipe) sessionId: string,
    @Param('command') segment: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ReceptionCommandResponse> {
    if (!isReceptionCommandSegment(segment)) {
      const actions = Object.keys(RECEPTION_COMMAND_ROUTES);
      throw new ApiProblem(404, 'unknown-command', 'Thao tác không tồn tại', `Không có thao tác "${segment.slice(0, 100)}". Các thao tác: ${actions.join(', ')}.`, { allowedActions: actions });
    }
    const headers = readCommandHeaders(request, { ifMatch: true });
    return this.run(parseReceptionCommand(segment, sessionId, commandBody(request, body)), actor, headers, response);
  }

  @Get(':id')
  @RequiresPermission('reception.read')
  @ApiOperation({ operationId: 'getReceptionSession', summary: 'Một buổi tiếp: lịch, trạng thái, các lượt tiếp (danh tính công dân luôn bị ẩn)' })
  @ApiParam({ name: 'id', description: 'Mã buổi tiếp (UUID)' })
  @ApiAnswers('ReceptionSessionView', [STORE_PROBLEMS, { 400: ['invalid-case-id'], 404: ['session-not-found'] }], { description: 'Buổi tiếp; ETag là phiên bản' })
  async get(@Param('id', ParseCaseIdPipe) sessionId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse): Promise<ReceptionSessionView> {
    const view = await asReceptionProblem(() => this.queries.get(sessionId, actor));
    response.setHeader('ETag', etagOf(view.revision));
    return view;
  }

  private async run(command: ReceptionCommand, actor: Actor, headers: CommandHeaders, response: ServerResponse): Promise<ReceptionCommandResponse> {
    return asReceptionProblem(async () => {
      const { replayed, ...result } = await this.commands.execute(
        new ExecuteReceptionCommand(command, {
          actor,
          principal: { id: actor.id, role: actor.role },
          idempotencyKey: headers.idempotencyKey,
          ...(headers.expectedRevision !== undefined ? { expectedRevision: headers.expectedRevision } : {}),
          ...(headers.correlationId !== undefined ? { correlationId: headers.correlationId } : {}),
        }),
      );
      const session = await this.queries.get(result.sessionId, actor);
      response.setHeader('ETag', etagOf(result.revision));
      response.setHeader('Idempotent-Replayed', String(replayed));
      return { ...result, session };
    });
  }
}
