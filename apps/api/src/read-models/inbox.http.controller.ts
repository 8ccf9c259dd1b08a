import { Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { INBOX_PROJECTION, InboxQueries, type InboxPage } from '@kntc/read-models';
import { ApiProblem } from '../shared/api-problem.error';
import { AFTER_PARAMETER, AwaitReadModelInterceptor, ReadsFrom } from './await-read-model.interceptor';
import { ReadModelQuery } from './read-model-query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { READ_MODEL_PROBLEMS } from '../openapi/problem-responses';
import { STORE_PROBLEMS } from '../openapi/problem-responses';

export type InboxAnswer = Omit<InboxPage, 'position'> & { position: string };

@ApiTags('read models')
@ApiBearerAuth()
@Controller('me/inbox')
@RequiresPermission('inbox.read')
@UseInterceptors(AwaitReadModelInterceptor)
@ReadsFrom(INBOX_PROJECTION)
export class InboxHttpController {
  constructor(private readonly inbox: InboxQueries) {}

  @Get()
  @ApiOperation({
    operationId: 'getMyInbox',
    summary: 'Hộp thư của tôi: nhắc hạn và chuyển cấp, mới nhất trước',
    description: 'Các thông báo được tạo từ sự kiện nhắc hạn và chuyển cấp của các tiến trình thời hạn.',
  })
  @ApiQuery({ name: 'unread', required: false, description: 'true: chỉ các thông báo chưa đọc' })
  @ApiQuery({ name: 'offset', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–200; mặc định 50' })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí (position) một lệnh đã trả về' })
  @ApiAnswers('InboxAnswer', READ_MODEL_PROBLEMS, { description: 'Một trang thông báo, tổng số và số chưa đọc' })
  async getMyInbox(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<InboxAnswer> {
    const query = new ReadModelQuery(raw, ['unread', 'offset', 'limit', AFTER_PARAMETER]);
    const page = await this.inbox.list(actor.id, {
      unreadOnly: query.flag('unread'),
      offset: query.whole('offset', 0, 0, 1_000_000),
      limit: query.whole('limit', 50, 1, 200),
    });
    return { ...page, position: page.position.toString() };
  }

  @Post(':itemId/read')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'markInboxItemRead',
    summary: 'Đánh dấu một thông báo là đã đọc',
    description:
      'Ghi sự kiện InboxItemRead vào luồng inbox-<mã người dùng> của kho sự kiện: mất Redis hay dựng lại hộp thư không làm mất dấu đã đọc. ' +
      'Không cần Idempotency-Key: mã sự kiện suy ra từ người dùng và thông báo, nên gửi lại không ghi thêm gì (header nếu có được bỏ qua).',
  })
  @ApiParam({ name: 'itemId', description: 'Mã thông báo' })
  @ApiAnswers(null, [READ_MODEL_PROBLEMS, STORE_PROBLEMS, { 404: ['inbox-item-not-found'] }], { description: 'Đã đánh dấu (lặp lại cũng được)' })
  async markRead(@Param('itemId') itemId: string, @CurrentActor() actor: Actor): Promise<void> {
    if (!(await this.inbox.markRead(actor, itemId.slice(0, 200)))) {
      throw new ApiProblem(404, 'inbox-item-not-found', 'Không tìm thấy thông báo', 'Hộp thư của bạn không có thông báo này.');
    }
  }
}
