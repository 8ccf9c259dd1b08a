import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { FirstRunSetup, hashPassword, Public, UserAccounts } from '@kntc/auth';
import { DEPARTMENTS } from '../catalog/catalog.http.controller';
import type { Department } from '../catalog/departments.file';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { ApiProblem } from '../shared/api-problem.error';
import { USERS_STORE_PROBLEMS, type SetupStatusAnswer, type UserAnswer } from './user-answers';
import { parseSetup } from './user-requests';
import { answeringUserProblems } from './user-problems';

/**
 * First run: with no account yet, the set-up link printed at start-up opens the web UI's set-up page, which
 * chooses the first administrator's id, name and password here. The link's token works once, for 30 minutes.
 */
@ApiTags('auth')
@Controller('setup')
export class SetupHttpController {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly setup: FirstRunSetup,
    @Inject(DEPARTMENTS) private readonly departments: readonly Department[],
  ) {}

  @Get()
  @Public()
  @ApiOperation({ operationId: 'setupStatus', summary: 'Hệ thống đã có người dùng chưa (lần chạy đầu)' })
  @ApiAnswers('SetupStatusAnswer', USERS_STORE_PROBLEMS, { description: 'setUpNeeded: chưa có tài khoản nào' })
  async status(): Promise<SetupStatusAnswer> {
    return { setUpNeeded: await answeringUserProblems(() => this.accounts.isEmpty()) };
  }

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ operationId: 'setUp', summary: 'Tạo quản trị viên đầu tiên bằng mã cài đặt đã in ra khi khởi động' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['token', 'userId', 'name', 'password'],
      properties: { token: { type: 'string' }, userId: { type: 'string', example: 'qtht-admin' }, name: { type: 'string' }, password: { type: 'string', format: 'password' } },
    },
  })
  @ApiAnswers('UserAnswer', [USERS_STORE_PROBLEMS, { 400: ['validation-failed'], 403: ['setup-token-invalid'], 409: ['already-set-up'] }], {
    status: 201,
    description: 'Quản trị viên đã tạo; đăng nhập bằng mã và mật khẩu vừa chọn',
  })
  async setUp(@Body() body: unknown, @Res({ passthrough: true }) response: ServerResponse): Promise<UserAnswer> {
    const request = parseSetup(body);
    if (!this.setup.matches(request.token)) {
      throw new ApiProblem(403, 'setup-token-invalid', 'Mã cài đặt không dùng được', 'Đường dẫn cài đặt sai, đã dùng hoặc đã hết hạn; khởi động lại KNTC để in đường dẫn mới.');
    }
    const passwordHash = await hashPassword(request.password);
    const user = await answeringUserProblems(() =>
      this.accounts.setUpFirstAdministrator({ id: request.userId, name: request.name, department: this.departments[0]?.code ?? 'quan-tri', passwordHash }),
    );
    this.setup.consume();
    response.setHeader('Cache-Control', 'no-store');
    return { user };
  }
}
