import { Controller, Get, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequiresPermission } from '@kntc/auth';
import { ApiProblem } from '../shared/api-problem.error';

/** Stands in for the read-model routes when no Redis is configured (REDIS_URL unset): they answer 503. */
@ApiExcludeController()
@Controller()
export class ReadModelsUnavailableHttpController {
  @Get('cases')
  @RequiresPermission('case.list')
  listCases(): never {
    throw unavailable();
  }

  @Get('cases/:id/summary')
  @RequiresPermission('case.read')
  getCaseSummary(): never {
    throw unavailable();
  }

  @Get('departments/:id/summary')
  @RequiresPermission('department.summary')
  getDepartmentSummary(): never {
    throw unavailable();
  }

  @Get('deadline-board')
  @RequiresPermission('deadline.board')
  getDeadlineBoard(): never {
    throw unavailable();
  }

  @Get('me/inbox')
  @RequiresPermission('inbox.read')
  getMyInbox(): never {
    throw unavailable();
  }

  @Post('me/inbox/:itemId/read')
  @RequiresPermission('inbox.read')
  markInboxItemRead(): never {
    throw unavailable();
  }
}

function unavailable(): ApiProblem {
  return new ApiProblem(503, 'read-models-unavailable', 'Danh sách chưa sẵn sàng', 'Máy chủ chưa được cấu hình Redis (REDIS_URL) nên chưa có danh sách, số liệu và hộp thư.');
}
