import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { READ_MODEL_SETTINGS, ReadModelPositions, type ReadModelSettings } from '@kntc/read-models';
import type { ServerResponse } from 'node:http';
import { from, switchMap, type Observable } from 'rxjs';
import { ApiProblem } from '../shared/api-problem.error';

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
 * with Retry-After. Without `after` it answers at once from whatever the read models hold.
 */
@Injectable()
export class AwaitReadModelInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly positions: ReadModelPositions,
    @Inject(READ_MODEL_SETTINGS) private readonly settings: ReadModelSettings,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ query: Record<string, unknown> }>();
    const after = request.query[AFTER_PARAMETER];
    if (after === undefined) return next.handle();
    if (typeof after !== 'string' || !POSITION.test(after)) {
      throw new ApiProblem(400, 'validation-failed', 'Dữ liệu không hợp lệ', 'Yêu cầu có tham số không hợp lệ; xem danh sách lỗi.', {
        errors: [{ field: 'after', message: 'Tham số after phải là vị trí (position) mà một lệnh đã trả về.' }],
      });
    }
    const projections = this.reflector.getAllAndOverride<string[]>(READS_FROM, [context.getHandler(), context.getClass()]) ?? [];
    const response = context.switchToHttp().getResponse<ServerResponse>();
    return from(this.positions.waitFor(projections, BigInt(after), { timeoutMs: this.settings.waitTimeoutMs })).pipe(
      switchMap((wait) => {
        if (!wait.reached) {
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
        return next.handle();
      }),
    );
  }
}
