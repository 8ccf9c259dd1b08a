import { Controller, Get, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiProblem } from '../shared/api-problem.error';

/** Stands in for the read-model routes when no Redis is configured (REDIS_URL unset): they answer 503. */
@ApiExcludeController()
@Controller()
export class ReadModelsUnavailableHttpController {
  @Get(['cases', 'cases/:id/summary', 'departments/:id/summary', 'deadline-board', 'me/inbox'])
  unavailable(): never {
    throw unavailable();
  }

  @Post('me/inbox/:itemId/read')
  unavailableMark(): never {
    throw unavailable();
  }
}

function unavailable(): ApiProblem {
  return new ApiProblem(503, 'read-models-unavailable', 'Danh sách chưa sẵn sàng', 'Máy chủ chưa được cấu hình Redis (REDIS_URL) nên chưa có danh sách, số liệu và hộp thư.');
}
