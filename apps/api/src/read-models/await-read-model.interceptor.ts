import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EVENT_STORE } from '@kntc/cases';
import type { EventStore } from '@kntc/event-store';
import { READ_MODEL_SETTINGS, ReadModelPositions, type ReadModelSettings } from '@kntc/read-models';
import type { ServerResponse } from 'node:http';
import { catchError, from, of, switchMap, throwError, type Observable } from 'rxjs';
import { ApiProblem } from '../shared/api-problem.error';
import { ReadModelsAvailability } from './read-models-availability';

const READS_FROM = 'kntc:read-models:reads-from';
const POSITION = /^\d{1,30}$/;
/** Seconds a client should wait before asking again when the read models are behind. */
const RETRY_AFTER_SECONDS = 2;

/** The query parameter every read-model route accepts (Express recomputes `request.query`, so it stays there). */
export const AFTER_PARAMETER = 'after';

/** The projections a route answers from: `?after=<position>` waits until all of them have applied it. */
export const ReadsFrom = (...projections: string[]): MethodDecorator & ClassDecorator => SetMetadata(READS_FROM, projections);

/**
 * Read-your-writes: a command answers with the store position it wrote; a query given `?after=<position>`
 * answers once its read models have applied that position, or, after a bounded wait, 503 read-model-behind
 * with Retry-After. Without `after` it answers at once from whatever the read models hold. A position beyond
 * the store's head was never written by this store, so no wait can reach it: 400 after-beyond-head at once.
 * While Redis is unreachable every read-model route answers 503 read-models-unavailable with Retry-After.
 */
@Injectable()
export class AwaitReadModelInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly positions: ReadModelPositions,
    private readonly availability: ReadModelsAvailability,
    @Inject(READ_MODEL_SETTINGS) private readonly settings: ReadModelSettings,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ query: Record<string, unknown> }>();
    const response = context.switchToHttp().getResponse<ServerResponse>();
    const after = request.query[AFTER_PARAMETER];
    if (after !== undefined && (typeof after !== 'string' || !POSITION.test(after))) {
      throw new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Yêu cầu có tham số không hợp lệ; xem danh sách lỗi.', {
        errors: [{ field: 'after', message: 'Tham số after phải là vị trí (position) mà một lệnh đã trả về.' }],
      });
    }
    this.availability.assertNotLost(response);
    const projections = this.reflector.getAllAndOverride<string[]>(READS_FROM, [context.getHandler(), context.getClass()]) ?? [];
    const ready = after === undefined ? of(undefined) : from(this.awaitPosition(projections, after, response));
    return ready.pipe(
      switchMap(() => next.handle()),
      catchError((error: unknown) => throwError(() => this.availability.translate(error, response))),
    );
  }

  private async awaitPosition(projections: readonly string[], after: string, response: ServerResponse): Promise<void> {
    const position = BigInt(after);
    const applied = await Promise.all(projections.map((name) => this.positions.positionOf(name)));
    if (applied.every((p) => p >= position)) return;
    // Only a position not applied yet costs a look at the store; a store that cannot answer leaves it to the wait.
    const head = await this.store.headPosition().catch(() => undefined);
    if (head !== undefined && position > head) {
      throw new ApiProblem(
        400,
        'after-beyond-head',
        'Vị trí không tồn tại',
        `Kho sự kiện chưa ghi đến vị trí ${after} (mới đến ${head.toString()}); tham số after phải là vị trí mà một lệnh đã trả về.`,
        { after, head: head.toString() },
      );
    }
    const wait = await this.positions.waitFor(projections, position, { timeoutMs: this.settings.waitTimeoutMs });
    if (wait.reached) return;
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const reached = Object.fromEntries(Object.entries(wait.positions).map(([name, p]) => [name, p.toString()]));
    throw new ApiProblem(
      503,
      'read-model-behind',
      'Dữ liệu đang được cập nhật',
      `Danh sách chưa cập nhật đến thay đổi vừa ghi (vị trí ${after}); vui lòng thử lại sau ${RETRY_AFTER_SECONDS} giây.`,
      { after, reached },
    );
  }
}
