import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentActor, hashPassword, RequiresPermission, USER_ID, UserAccounts, type UserChangeResult, type UserCommand } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { COMMAND_HEADERS_DOC } from '../cases/case-openapi.docs';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import type { ProblemsByStatus } from '../openapi/problem-responses';
import { readCommandHeaders } from '../cases/command-headers';
import { etagOf } from '../cases/command-response.headers';
import { DEPARTMENTS } from '../catalog/catalog.http.controller';
import type { Department } from '../catalog/departments.file';
import { ApiProblem } from '../shared/api-problem.error';
import { USERS_STORE_PROBLEMS, type UserAnswer, type UserHistoryAnswer, type UserListAnswer } from './user-answers';
import { parseCreateUser, parsePassword, parseRoleChange } from './user-requests';
import { answeringUserProblems } from './user-problems';

/** A change of an account: its headers, its body, the account's revision, the refusals of decideUser. */
const USER_COMMAND_PROBLEMS: ProblemsByStatus[] = [
  {
    400: ['validation-failed', 'idempotency-key-required', 'invalid-idempotency-key', 'invalid-if-match', 'invalid-correlation-id'],
    404: ['user-not-found'],
    409: ['revision-conflict', 'user-exists'],
    412: ['weak-etag'],
    422: ['own-account', 'idempotency-key-reused'],
  },
  USERS_STORE_PROBLEMS,
];

const USER_BODY = {
  schema: {
    type: 'object',
    required: ['userId', 'name', 'role', 'department'],
    properties: {
      userId: { type: 'string', example: 'tnmt-tiepdan-an' },
      name: { type: 'string', example: 'Phan Văn An' },
      role: { type: 'string', example: 'intake' },
      department: { type: 'string', example: 'so-tnmt' },
      password: { type: 'string', format: 'password', description: 'Mật khẩu ban đầu (ít nhất 10 ký tự); bỏ trống: đặt sau' },
    },
  },
};

/**
 * The accounts of the embedded sign-in, for the system administrator: every change is a command (Idempotency-Key,
 * If-Match on the account's revision) recorded in the account's stream, and applies at once, without a restart.
 */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersHttpController {
  private readonly departmentCodes: string[];

  constructor(
    private readonly accounts: UserAccounts,
    @Inject(DEPARTMENTS) departments: readonly Department[],
  ) {
    this.departmentCodes = departments.map((d) => d.code);
  }

  @Get()
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'listUsers', summary: 'Danh sách người dùng (không có mật khẩu)' })
  @ApiAnswers('UserListAnswer', USERS_STORE_PROBLEMS, { description: 'Mọi tài khoản, kể cả tài khoản đã khóa' })
  async list(): Promise<UserListAnswer> {
    return { users: await answeringUserProblems(() => this.accounts.list()) };
  }

  @Get(':userId/history')
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'userHistory', summary: 'Nhật ký thay đổi của một tài khoản: ai đổi gì, khi nào' })
  @ApiAnswers('UserHistoryAnswer', [USERS_STORE_PROBLEMS, { 404: ['user-not-found'] }], { description: 'Các thay đổi, cũ trước' })
  async history(@Param('userId') userId: string): Promise<UserHistoryAnswer> {
    const changes = await this.accounts.history(checkedId(userId));
    if (changes.length === 0 && (await this.accounts.find(userId)) === undefined) throw notFound(userId);
    return { userId, changes };
  }

  @Post()
  @HttpCode(201)
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'createUser', summary: 'Tạo người dùng' })
  @ApiBody(USER_BODY)
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiAnswers('UserAnswer', USER_COMMAND_PROBLEMS, { status: 201, description: 'Đã tạo (header ETag: phiên bản tài khoản)' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<UserAnswer> {
    const fields = parseCreateUser(body, this.departmentCodes);
    const passwordHash = fields.password !== undefined ? await hashPassword(fields.password) : undefined;
    const command: UserCommand = {
      type: 'CreateUser',
      userId: fields.userId,
      name: fields.name,
      role: fields.role,
      department: fields.department,
      ...(passwordHash !== undefined ? { passwordHash } : {}),
    };
    response.setHeader('Location', `/api/users/${fields.userId}`);
    return this.run(command, actor, request, response, false);
  }

  @Post(':userId/role')
  @HttpCode(200)
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'changeUserRole', summary: 'Đổi vai trò hoặc đơn vị của người dùng' })
  @ApiBody({ schema: { type: 'object', required: ['role', 'department'], properties: { role: { type: 'string' }, department: { type: 'string' } } } })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiAnswers('UserAnswer', USER_COMMAND_PROBLEMS, { description: 'Tài khoản sau thay đổi (header ETag: phiên bản tài khoản)' })
  async changeRole(@Param('userId') userId: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<UserAnswer> {
    const change = parseRoleChange(body, this.departmentCodes);
    return this.run({ type: 'ChangeUserRole', userId: checkedId(userId), ...change }, actor, request, response);
  }

  @Post(':userId/password')
  @HttpCode(200)
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'setUserPassword', summary: 'Đặt lại mật khẩu của người dùng' })
  @ApiBody({ schema: { type: 'object', required: ['password'], properties: { password: { type: 'string', format: 'password' } } } })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiAnswers('UserAnswer', USER_COMMAND_PROBLEMS, { description: 'Tài khoản sau thay đổi (header ETag: phiên bản tài khoản)' })
  async setPassword(@Param('userId') userId: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<UserAnswer> {
    const id = checkedId(userId);
    const passwordHash = await hashPassword(parsePassword(body));
    return this.run({ type: 'SetUserPassword', userId: id, passwordHash }, actor, request, response);
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'disableUser', summary: 'Khóa tài khoản: không đăng nhập được nữa, mã truy cập đã cấp hết hiệu lực' })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiAnswers('UserAnswer', USER_COMMAND_PROBLEMS, { description: 'Tài khoản sau thay đổi (header ETag: phiên bản tài khoản)' })
  async disable(@Param('userId') userId: string, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<UserAnswer> {
    return this.run({ type: 'DisableUser', userId: checkedId(userId) }, actor, request, response);
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @RequiresPermission('users.manage')
  @ApiOperation({ operationId: 'enableUser', summary: 'Mở khóa tài khoản' })
  @ApiHeader(COMMAND_HEADERS_DOC.idempotencyKey)
  @ApiAnswers('UserAnswer', USER_COMMAND_PROBLEMS, { description: 'Tài khoản sau thay đổi (header ETag: phiên bản tài khoản)' })
  async enable(@Param('userId') userId: string, @CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<UserAnswer> {
    return this.run({ type: 'EnableUser', userId: checkedId(userId) }, actor, request, response);
  }

  private async run(command: UserCommand, actor: Actor, request: IncomingMessage, response: ServerResponse, ifMatch = true): Promise<UserAnswer> {
    const headers = readCommandHeaders(request, { ifMatch });
    const result: UserChangeResult = await answeringUserProblems(() =>
      this.accounts.execute(command, {
        actor: { id: actor.id, role: actor.role },
        idempotencyKey: headers.idempotencyKey,
        ...(headers.expectedRevision !== undefined ? { expectedRevision: headers.expectedRevision } : {}),
        ...(headers.correlationId !== undefined ? { correlationId: headers.correlationId } : {}),
      }),
    );
    response.setHeader('ETag', etagOf(result.account.revision));
    response.setHeader('Idempotent-Replayed', String(result.replayed));
    return { user: result.account };
  }
}

function checkedId(userId: string): string {
  if (!USER_ID.test(userId)) throw notFound(userId);
  return userId;
}

function notFound(userId: string): ApiProblem {
  return new ApiProblem(404, 'user-not-found', 'Không tìm thấy người dùng', `Không có người dùng "${userId.slice(0, 64)}".`);
}
