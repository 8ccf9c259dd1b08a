import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { DEADLINE_BOARD_PROJECTION, DeadlineBoardQueries, type DeadlineBoard } from '@kntc/read-models';
import { ApiProblem } from '../shared/api-problem.error';
import { AFTER_PARAMETER, AwaitReadModelInterceptor, ReadsFrom } from './await-read-model.interceptor';
import { ReadModelQuery } from './read-model-query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { READ_MODEL_PROBLEMS } from '../openapi/problem-responses';

export type DeadlineBoardAnswer = Omit<DeadlineBoard, 'position'> & { position: string };

@ApiTags('read models')
@ApiBearerAuth()
@Controller('deadline-board')
@UseInterceptors(AwaitReadModelInterceptor)
@ReadsFrom(DEADLINE_BOARD_PROJECTION)
export class DeadlineBoardHttpController {
  constructor(private readonly board: DeadlineBoardQueries) {}

  @Get()
  @RequiresPermission('deadline.board')
  @ApiOperation({ operationId: 'getDeadlineBoard', summary: 'Bảng thời hạn: các thời hạn đã quá hạn và sắp đến hạn trong N ngày làm việc' })
  @ApiQuery({ name: 'department', required: false, description: 'Mã đơn vị; mặc định: đơn vị của người dùng (giám sát: mọi đơn vị)' })
  @ApiQuery({ name: 'days', required: false, description: 'Số ngày làm việc tới được coi là sắp đến hạn, 0–30; mặc định 3' })
  @ApiQuery({ name: 'limit', required: false, description: 'Số mục tối đa mỗi phần, 1–500; mặc định 100' })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí (position) một lệnh đã trả về' })
  @ApiAnswers('DeadlineBoardAnswer', [READ_MODEL_PROBLEMS, { 404: ['department-not-found'] }], { description: 'Quá hạn (hạn sớm nhất trước) và sắp đến hạn' })
  async getDeadlineBoard(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<DeadlineBoardAnswer> {
    const query = new ReadModelQuery(raw, ['department', 'days', 'limit', AFTER_PARAMETER]);
    const department = query.text('department', 100);
    const board = await this.board.board(actor, {
      ...(department !== undefined ? { department } : {}),
      workingDays: query.whole('days', 3, 0, 30),
      limit: query.whole('limit', 100, 1, 500),
    });
    if (board === undefined) {
      throw new ApiProblem(404, 'department-not-found', 'Không tìm thấy đơn vị', `Không có đơn vị "${(department ?? '').slice(0, 100)}" trong phạm vi được xem.`);
    }
    return { ...board, position: board.position.toString() };
  }
}
