import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '@kntc/auth';
import { EventStoreHealthIndicator } from './event-store.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ operationId: 'health', summary: 'Tình trạng hệ thống: kho sự kiện có phản hồi' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.eventStore.check('eventStore')]);
  }
}
