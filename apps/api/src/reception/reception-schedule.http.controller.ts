import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { ReceptionQueries, WORKING_CALENDAR, type ReceptionSessionView } from '@kntc/cases';
import { RECEPTION_KIND_LABELS, regularSessionsBetween, type Actor, type RegularSession } from '@kntc/domain';
import type { LocalDate, WorkingCalendar } from '@kntc/workflow';
import { DEPARTMENTS } from '../catalog/catalog.http.controller';
import type { Department } from '../catalog/departments.file';
import { ReceptionPeriodQuery } from './reception-period.query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { RECEPTION_PERIOD_PROBLEMS } from './reception-problems';

export interface ScheduledSession {
  sessionId: string;
  status: ReceptionSessionView['status'];
  kind: ReceptionSessionView['kind'];
  kindLabel: string;
  date: LocalDate;
  place: string;
  leader?: string;
  published?: { publishedOn: LocalDate; workingDaysAhead: number; late: boolean };
  /** Posted fewer than 5 working days ahead (Luật TCD 2013, art. 24(4)). */
  late: boolean;
  postponements: number;
}

export interface ReceptionSchedule {
  department: string;
  from: LocalDate;
  to: LocalDate;
  /** The department's fixed days in the period, a day off moved to the next working day. */
  regular: RegularSession[];
  /** Sessions planned or held in the period (a leader's, and any register opened). */
  sessions: ScheduledSession[];
}

@ApiTags('reception')
@ApiBearerAuth()
@Controller('reception-schedule')
export class ReceptionScheduleHttpController {
  constructor(
    private readonly periods: ReceptionPeriodQuery,
    private readonly queries: ReceptionQueries,
    @Inject(DEPARTMENTS) private readonly departments: readonly Department[],
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
  ) {}

  @Get()
  @RequiresPermission('reception.read')
  @ApiOperation({ operationId: 'getReceptionSchedule', summary: 'Lịch tiếp công dân của đơn vị trong kỳ: ngày tiếp cố định và các buổi tiếp của lãnh đạo (đánh dấu niêm yết muộn)' })
  @ApiQuery({ name: 'department', required: false, description: 'Mã đơn vị (mặc định đơn vị của người dùng)' })
  @ApiQuery({ name: 'from', required: true, example: '2026-02-01' })
  @ApiQuery({ name: 'to', required: true, example: '2026-02-28' })
  @ApiQuery({ name: 'after', required: false, description: 'Vị trí (position) một lệnh đã trả về: chỉ trả lời khi chỉ mục đã cập nhật đến đó' })
  @ApiAnswers('ReceptionSchedule', RECEPTION_PERIOD_PROBLEMS, { description: '{ department, from, to, regular, sessions }' })
  async schedule(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse): Promise<ReceptionSchedule> {
    const period = this.periods.period(raw, actor);
    const ids = await this.periods.sessionIds(period, raw, response);
    const days = this.departments.find((d) => d.code === period.department)?.reception;
    const sessions = (await this.queries.states(ids, actor)).map((s): ScheduledSession => ({
      sessionId: s.sessionId,
      status: s.status,
      kind: s.kind,
      kindLabel: RECEPTION_KIND_LABELS[s.kind],
      date: s.date,
      place: s.place,
      ...(s.leader !== undefined ? { leader: s.leader } : {}),
      ...(s.schedule?.published ? { published: s.schedule.published } : {}),
      late: s.schedule?.published?.late ?? false,
      postponements: s.schedule?.postponements ?? 0,
    }));
    return { ...period, regular: days ? regularSessionsBetween(days, period.from, period.to, this.calendar) : [], sessions };
  }
}
