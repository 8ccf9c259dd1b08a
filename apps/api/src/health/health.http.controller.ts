import { Controller, Get, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '@kntc/auth';
import { ReadModelsAvailability } from '../read-models/read-models-availability';
import { EventStoreHealthIndicator } from './event-store.health';
import { newerEventsHealth, redisHealth } from './read-models.health';
import { ApiAnswers } from '../openapi/api-answers.decorator';

/**
 * Liveness (`/health/live`: the process answers HTTP; restart it when this fails) and readiness
 * (`/health/ready`, and `/health` which the docker files and older probes use: the event store and, when
 * REDIS_URL is set, Redis answer; take the instance out of the load balancer while this answers 503).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    // Absent without REDIS_URL: the read-model routes then answer 503 by configuration, not by an outage.
    @Optional() private readonly readModels?: ReadModelsAvailability,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'health', summary: 'Sẵn sàng phục vụ (như /health/ready): kho sự kiện và Redis có phản hồi' })
  @ApiAnswers('HealthCheckResult', { 503: ['unhealthy'] }, { description: 'Sẵn sàng' })
  check(): Promise<HealthCheckResult> {
    return this.health.check(this.readinessChecks());
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'healthReady', summary: 'Sẵn sàng phục vụ: kho sự kiện và Redis có phản hồi' })
  @ApiAnswers('HealthCheckResult', { 503: ['unhealthy'] }, { description: 'Sẵn sàng' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readinessChecks());
  }

  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'healthLive', summary: 'Tiến trình còn hoạt động (không kiểm tra kho sự kiện hay Redis)' })
  @ApiAnswers('HealthCheckResult', {}, { description: 'Tiến trình trả lời được' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  private readinessChecks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [() => this.eventStore.check('eventStore')];
    const readModels = this.readModels;
    if (readModels !== undefined) {
      checks.push(() => redisHealth(this.indicators, readModels, 'redis'));
      checks.push(() => newerEventsHealth(this.indicators, readModels, 'newerEvents'));
    }
    return checks;
  }
}
