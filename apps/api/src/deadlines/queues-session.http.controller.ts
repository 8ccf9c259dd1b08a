import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Public, RequiresPermission } from '@kntc/auth';
import { COMMAND_RESPONSES_DOC } from '../cases/case-openapi.docs';
import { QUEUES_COOKIE, queuesToken } from './queues-admin.middleware';
import { BULL_BOARD_PATH } from './queues.path';

/** How long a browser may keep the queues cookie; the token inside it may expire sooner, and is checked on every request. */
const QUEUES_COOKIE_SECONDS = 3600;

function cookie(value: string, maxAge: number, secure: boolean): string {
  return [`${QUEUES_COOKIE}=${value}`, `Path=${BULL_BOARD_PATH}`, `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/**
 * A browser cannot add a bearer header to the pages of Bull Board: the web UI asks for this cookie first. It holds
 * the same token, is sent only to /admin/queues, never to another site (SameSite=Strict), and is not readable by scripts.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/queues-session')
export class QueuesSessionHttpController {
  @Post()
  @HttpCode(204)
  @RequiresPermission('queues.admin')
  @ApiOperation({ operationId: 'openQueuesSession', summary: 'Mở trang hàng đợi (Bull Board) trong trình duyệt: đặt cookie chứa mã đăng nhập cho /admin/queues' })
  @ApiResponse({ status: 204, description: 'Đã đặt cookie; mở /admin/queues' })
  @ApiResponse(COMMAND_RESPONSES_DOC[401])
  @ApiResponse(COMMAND_RESPONSES_DOC[403])
  open(@Req() request: IncomingMessage & { secure?: boolean }, @Res({ passthrough: true }) response: ServerResponse): void {
    response.setHeader('Set-Cookie', cookie(queuesToken(request)!, QUEUES_COOKIE_SECONDS, request.secure === true));
  }

  @Post('end')
  @HttpCode(204)
  @Public()
  @ApiOperation({ operationId: 'closeQueuesSession', summary: 'Xóa cookie của trang hàng đợi (khi đăng xuất)' })
  @ApiResponse({ status: 204, description: 'Đã xóa cookie' })
  close(@Req() request: IncomingMessage & { secure?: boolean }, @Res({ passthrough: true }) response: ServerResponse): void {
    response.setHeader('Set-Cookie', cookie('', 0, request.secure === true));
  }
}
