import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { canSeeDepartment } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import { READ_MODEL_REDIS, READ_MODEL_SETTINGS, ReadModelKeys, ReadModelPositions, RECEPTION_SESSIONS_PROJECTION, ReceptionSessionsQueries, type ReadModelSettings } from '@kntc/read-models';
import { daysBetween, type LocalDate } from '@kntc/workflow';
import type { Redis } from 'ioredis';
import { ReadModelQuery } from '../read-models/read-model-query';
import { ApiProblem } from '../shared/api-problem.error';

/** Longest period a schedule or a book covers: a year and a day, so an annual book (15/12–14/12) fits. */
const MAX_PERIOD_DAYS = 366;
const POSITION = /^\d{1,30}$/;

export interface ReceptionPeriod {
  department: string;
  from: LocalDate;
  to: LocalDate;
}

/**
 * The department and period of the schedule and the book, checked, and the ids of its sessions from the
 * reception-sessions index, after waiting for `?after=<position>` (read-your-writes).
 */
@Injectable()
export class ReceptionPeriodQuery {
  private readonly index: ReceptionSessionsQueries | undefined;

  constructor(
    @Optional() @Inject(READ_MODEL_REDIS) redis?: Redis,
    @Optional() keys?: ReadModelKeys,
    @Optional() private readonly positions?: ReadModelPositions,
    @Optional() @Inject(READ_MODEL_SETTINGS) private readonly settings?: ReadModelSettings,
  ) {
    this.index = redis !== undefined && keys !== undefined ? new ReceptionSessionsQueries(redis, keys) : undefined;
  }

  period(raw: Record<string, unknown>, actor: Actor): ReceptionPeriod {
    const query = new ReadModelQuery(raw, ['department', 'from', 'to', 'after']);
    const department = query.text('department', 100) ?? actor.department;
    const from = query.date('from');
    const to = query.date('to');
    if (from === undefined || to === undefined) throw new ApiProblem(400, 'invalid-parameter', 'Tham số không hợp lệ', 'Cần from và to (YYYY-MM-DD).');
    if (to < from || daysBetween(from, to) > MAX_PERIOD_DAYS) throw new ApiProblem(400, 'invalid-period', 'Kỳ không hợp lệ', `Kỳ phải có from ≤ to và dài tối đa ${MAX_PERIOD_DAYS} ngày.`);
    if (!canSeeDepartment(actor, department)) {
      throw new ApiProblem(404, 'department-not-found', 'Không tìm thấy đơn vị', `Không có đơn vị "${department.slice(0, 100)}" trong phạm vi được xem.`);
    }
    return { department, from, to };
  }

  async sessionIds(period: ReceptionPeriod, raw: Record<string, unknown>, response: ServerResponse): Promise<string[]> {
    if (this.index === undefined || this.positions === undefined) {
      response.setHeader('Retry-After', '5');
      throw new ApiProblem(503, 'read-models-unavailable', 'Danh sách tạm thời không khả dụng', 'Chưa cấu hình Redis (REDIS_URL), nơi giữ chỉ mục các buổi tiếp.');
    }
    const after = raw['after'];
    if (after !== undefined) {
      if (typeof after !== 'string' || !POSITION.test(after)) throw new ApiProblem(400, 'invalid-parameter', 'Tham số không hợp lệ', 'Tham số after phải là vị trí (position) mà một lệnh đã trả về.');
      const wait = await this.positions.waitFor([RECEPTION_SESSIONS_PROJECTION], BigInt(after), { timeoutMs: this.settings?.waitTimeoutMs ?? 5_000 });
      if (!wait.reached) {
        response.setHeader('Retry-After', '2');
        throw new ApiProblem(503, 'read-model-behind', 'Danh sách chưa cập nhật', `Chỉ mục buổi tiếp chưa cập nhật đến vị trí ${after}; vui lòng thử lại sau 2 giây.`);
      }
    }
    return this.index.sessionIds(period.department, period.from, period.to);
  }
}
