import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import {
  DON_COMMAND_ROUTES,
  ExecuteDonCommand,
  GetDonHistoryQuery,
  GetDonIdentityAccessLogQuery,
  GetDonQuery,
  isDonCommandSegment,
  parseDonCommand,
  parseRegisterDon,
  RegisterDonRequestDto,
  type AccessLog,
  type DonRequest,
  type DonView,
} from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { COMMAND_HEADERS_DOC } from '../cases/case-openapi.docs';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { ParseCaseIdPipe } from '../cases/case-id.pipe';
import { readCommandHeaders, readCorrelationId, type CommandHeaders } from '../cases/command-headers';
import { parseReveal } from '../cases/get-case.http.controller';
import { etagOf } from '../cases/command-response.headers';
import { commandBody } from '../cases/request-body';
import { ApiProblem } from '../shared/api-problem.error';
import type { DonCommandResponse, DonHistoryResponse } from './don-answers';
import { asDonProblem, DON_COMMAND_PROBLEMS, DON_READ_PROBLEMS } from './don-problems';

/** Đơn (TT 05/2021/TT-TTCP): registration, classification and every processing outcome, each a command with its own events. */
@ApiTags('dons')
@ApiBearerAuth()
@Controller('dons')
export class DonsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('dons.register')
  @ApiOperation({ operationId: 'registerDon', summary: 'Vào sổ một đơn (bưu chính, tiếp công dân, trực tuyến, cơ quan chuyển đến, hộp thư)' })
  @ApiBody({ type: RegisterDonRequestDto })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiHeader(COMMAND_HEADERS_DOC.correlationId)
  @ApiAnswers('DonCommandResponse', DON_COMMAND_PROBLEMS, {
    status: 201,
    description: 'Đã vào sổ; nội dung gồm kết quả lệnh và đơn sau lệnh (ETag: phiên bản đơn, Location).',
  })
  async register(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<DonCommandResponse> {
    const headers = readCommandHeaders(request, { ifMatch: false });
    const answer = await this.run(parseRegisterDon(commandBody(request, body)), actor, headers, response);
    response.setHeader('Location', `/api/dons/${answer.donId}`);
    return answer;
  }

  /** A cleared officer of the đơn's department reads its confidential identities, giving a reason; the read is recorded first. */
  @Post(':id/identity-reveal')
  @HttpCode(200)
  @RequiresPermission('identity.reveal')
  @ApiOperation({ operationId: 'revealDonIdentity', summary: 'Xem danh tính bí mật của đơn, có lý do; mỗi lần xem được ghi vào nhật ký truy cập' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã đơn' })
  @ApiBody({ schema: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', description: 'Lý do xem danh tính' } } } })
  @ApiAnswers('DonView', [DON_READ_PROBLEMS, { 400: ['validation-failed', 'reveal-reason-required', 'invalid-correlation-id'], 403: ['permission-denied'] }], {
    description: 'Đơn với danh tính đã giải mã',
  })
  async revealIdentity(
    @Param('id', ParseCaseIdPipe) donId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DonView> {
    const view = await asDonProblem(() => this.queries.execute(new GetDonQuery(donId, actor, parseReveal(body, readCorrelationId(request)))));
    response.setHeader('Cache-Control', 'no-store');
    return view;
  }

  @Post(':id/:command')
  @HttpCode(200)
  @RequiresPermission('dons.process')
  @ApiOperation({
    operationId: 'donCommand',
    summary: `Xử lý đơn: ${Object.entries(DON_COMMAND_ROUTES)
      .map(([segment, route]) => `${segment} (${route.label})`)
      .join(', ')}`,
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã đơn' })
  @ApiParam({ name: 'command', enum: Object.keys(DON_COMMAND_ROUTES) })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiHeader({ ...COMMAND_HEADERS_DOC.ifMatch, description: 'Phiên bản đơn đã xem (ETag); đơn đã thay đổi thì trả 409 revision-conflict.' })
  @ApiHeader(COMMAND_HEADERS_DOC.correlationId)
  @ApiAnswers('DonCommandResponse', DON_COMMAND_PROBLEMS, {
    description:
      'Đơn sau lệnh; ETag là phiên bản đơn; accept-into-case trả cả caseId của hồ sơ mới. 409 already-guided / already-forwarded: ' +
      'đã hướng dẫn công dân (đã chuyển) nội dung này một lần, không ghi gì.',
  })
  async execute(
    @Param('id', ParseCaseIdPipe) donId: string,
    @Param('command') segment: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DonCommandResponse> {
    if (!isDonCommandSegment(segment)) {
      const actions = Object.keys(DON_COMMAND_ROUTES);
      throw new ApiProblem(404, 'unknown-command', 'Thao tác không tồn tại', `Không có thao tác "${segment.slice(0, 100)}". Các thao tác: ${actions.join(', ')}.`, {
        allowedActions: actions,
      });
    }
    const headers = readCommandHeaders(request, { ifMatch: true });
    return this.run(parseDonCommand(segment, donId, commandBody(request, body)), actor, headers, response);
  }

  @Get(':id')
  @RequiresPermission('dons.read')
  @ApiOperation({ operationId: 'getDon', summary: 'Một đơn: nguồn, phân loại, thời hạn xử lý (quy định áp dụng và điều chưa xác định), kết quả xử lý, hồ sơ liên quan' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã đơn' })
  @ApiAnswers('DonView', DON_READ_PROBLEMS, { description: 'Đơn; danh tính bí mật (người tố cáo) chỉ hiện vai trò; đơn của đơn vị khác: 404. ETag: phiên bản đơn' })
  async get(@Param('id', ParseCaseIdPipe) donId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse): Promise<DonView> {
    const view = await asDonProblem(() => this.queries.execute(new GetDonQuery(donId, actor)));
    response.setHeader('ETag', etagOf(view.revision));
    return view;
  }

  @Get(':id/history')
  @RequiresPermission('dons.read')
  @ApiOperation({ operationId: 'getDonHistory', summary: 'Lịch sử đơn: mọi sự kiện đã ghi, người thực hiện, thời điểm' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã đơn' })
  @ApiAnswers('DonHistoryResponse', DON_READ_PROBLEMS, { description: 'Các sự kiện theo thứ tự; danh tính bí mật luôn bị ẩn' })
  async history(@Param('id', ParseCaseIdPipe) donId: string, @CurrentActor() actor: Actor): Promise<DonHistoryResponse> {
    const { events, chain } = await asDonProblem(() => this.queries.execute(new GetDonHistoryQuery(donId, actor)));
    return { donId, chain, events };
  }

  @Get(':id/identity-access')
  @RequiresPermission('identity.access-log')
  @ApiOperation({ operationId: 'getDonIdentityAccessLog', summary: 'Nhật ký truy cập danh tính bí mật của đơn: ai đã xem, khi nào, vì sao' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Mã đơn' })
  @ApiAnswers('AccessLog', DON_READ_PROBLEMS, { description: 'Các bản ghi theo thứ tự, và chain: chuỗi băm của nhật ký còn nguyên vẹn hay không. Đơn của đơn vị khác: 404' })
  identityAccess(@Param('id', ParseCaseIdPipe) donId: string, @CurrentActor() actor: Actor): Promise<AccessLog> {
    return asDonProblem(() => this.queries.execute(new GetDonIdentityAccessLogQuery(donId, actor)));
  }

  private async run(command: DonRequest, actor: Actor, headers: CommandHeaders, response: ServerResponse): Promise<DonCommandResponse> {
    return asDonProblem(async () => {
      const { replayed, ...result } = await this.commands.execute(
        new ExecuteDonCommand(command, {
          actor,
          idempotencyKey: headers.idempotencyKey,
          ...(headers.expectedRevision !== undefined ? { expectedRevision: headers.expectedRevision } : {}),
          ...(headers.correlationId !== undefined ? { correlationId: headers.correlationId } : {}),
        }),
      );
      // As of the revision the command produced: a retry of the same key answers the same body.
      const don = await this.queries.execute(new GetDonQuery(result.donId, actor, undefined, result.revision));
      response.setHeader('ETag', etagOf(result.revision));
      response.setHeader('Idempotent-Replayed', String(replayed));
      return { ...result, don };
    });
  }
}
