import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerTokenOf, Public, RequiresPermission } from '@kntc/auth';
import { ApiProblem } from '../shared/api-problem.error';
import { QUEUES_COOKIE, sameOrigin } from './queues-admin.middleware';
import { BULL_BOARD_PATH } from './queues.path';
import { ApiAnswers } from '../openapi/api-answers.decorator';

export const QUEUES_SESSION_OPTIONS = Symbol('QueuesSessionOptions');

export interface QueuesSessionOptions {
  /** Production: the cookie is marked Secure even when a TLS proxy in front did not say the request was HTTPS. */
  secureCookie: boolean;
}

type Request = IncomingMessage & { secure?: boolean };

/**
 * A browser cannot add a bearer header to the pages of Bull Board: the web UI asks for this cookie first. It holds
 * the token the request was authenticated with, is sent only to /admin/queues, never to another site
 * (SameSite=Strict), is not readable by scripts, and lives no longer than the browser session; the token in it is
 * verified, expiry included, on every request.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/queues-session')
export class QueuesSessionHttpController {
  constructor(@Inject(QUEUES_SESSION_OPTIONS) private readonly options: QueuesSessionOptions) {}

  @Post()
  @HttpCode(204)
  @RequiresPermission('queues.read')
  @ApiOperation({ operationId: 'openQueuesSession', summary: 'Mở trang hàng đợi (Bull Board) trong trình duyệt: đặt cookie chứa mã đăng nhập cho /admin/queues' })
  @ApiAnswers(null, {}, { description: 'Đã đặt cookie; mở /admin/queues' })
  open(@Req() request: Request, @Res({ passthrough: true }) response: ServerResponse): void {
    // The guard accepted this very header: the cookie never takes a token from anywhere else (an older cookie).
    response.setHeader('Set-Cookie', this.cookie(bearerTokenOf(request.headers.authorization)!, request));
  }

  @Post('end')
  @HttpCode(204)
  @Public()
  @ApiOperation({ operationId: 'closeQueuesSession', summary: 'Xóa cookie của trang hàng đợi (khi đăng xuất); chỉ từ trang của KNTC' })
  @ApiAnswers(null, { 403: ['cross-site-request'] }, { description: 'Đã xóa cookie' })
  close(@Req() request: Request, @Res({ passthrough: true }) response: ServerResponse): void {
    // Public (the token may have expired), so only the origin check stops another site from signing a user out.
    if (!sameOrigin(request)) {
      throw new ApiProblem(403, 'cross-site-request', 'Yêu cầu từ trang khác', 'Chỉ trang của KNTC được xóa cookie của trang hàng đợi.');
    }
    response.setHeader('Set-Cookie', this.cookie('', request, 0));
  }

  private cookie(value: string, request: Request, maxAge?: number): string {
    const secure = this.options.secureCookie || request.secure === true;
    return [
      `${QUEUES_COOKIE}=${value}`,
      `Path=${BULL_BOARD_PATH}`,
      ...(maxAge === undefined ? [] : [`Max-Age=${maxAge}`]),
      'HttpOnly',
      'SameSite=Strict',
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }
}
