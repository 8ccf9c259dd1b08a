import { Body, Controller, HttpCode, Optional, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, MAX_PASSWORD_LENGTH, PasswordLoginService, Public, UserAccounts, type LoginResult } from '@kntc/auth';
import { ApiProblem } from '../shared/api-problem.error';
import { clientAddress, RateLimits } from '../security/rate-limits';
import { ApiAnswers } from '../openapi/api-answers.decorator';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The embedded issuer's sign-in (KNTC_AUTH_MODE=local); with OIDC, users sign in at the provider. */
@ApiTags('auth')
@Controller('auth')
export class LoginHttpController {
  constructor(
    private readonly login: PasswordLoginService,
    private readonly limits: RateLimits,
    @Optional() private readonly accounts?: UserAccounts,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Đăng nhập bằng mã người dùng và mật khẩu; trả về mã truy cập (Bearer)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['password'],
      properties: {
        userId: { type: 'string', example: 'tnmt-tiepdan-lan', description: 'Mã người dùng (hoặc username)' },
        username: { type: 'string' },
        password: { type: 'string', format: 'password' },
      },
    },
  })
  // 404: with KNTC_AUTH_MODE=oidc the route does not exist (users sign in at the provider).
  @ApiAnswers('LoginResult', { 400: ['validation-failed'], 401: ['invalid-credentials'], 404: ['not-found'], 429: ['rate-limited'] }, { description: '{ accessToken, tokenType, expiresIn (giây), expiresAt, user }' })
  async signIn(@Body() body: unknown, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse): Promise<LoginResult> {
    const { userId, password } = parseLogin(body);
    await this.limits.login.admit(clientAddress(request), userId);
    // An account made, changed or disabled by another API process a moment ago counts at once.
    await this.accounts?.refresh();
    let result: LoginResult;
    try {
      result = await this.login.login(userId, password);
    } catch (error) {
      if (error instanceof AuthenticationError) await this.limits.login.recordFailure(userId);
      throw error;
    }
    response.setHeader('Cache-Control', 'no-store');
    return result;
  }
}

function parseLogin(body: unknown): { userId: string; password: string } {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const given = fields['userId'] ?? fields['username'];
  const errors: Array<{ field: string; message: string }> = [];
  if (typeof given !== 'string' || !USER_ID.test(given.trim())) errors.push({ field: 'userId', message: 'Cần mã người dùng (chữ, số, ".", "_", "-"; tối đa 64 ký tự).' });
  const password = fields['password'];
  if (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH * 4) errors.push({ field: 'password', message: 'Cần mật khẩu.' });
  if (errors.length > 0) throw new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Yêu cầu đăng nhập không hợp lệ.', { errors });
  return { userId: (given as string).trim().toLowerCase(), password: password as string };
}
