import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import { ReceptionQueries } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import { DEPARTMENTS } from '../catalog/catalog.http.controller';
import type { Department } from '../catalog/departments.file';
import { receptionBookXlsx } from './reception-book.xlsx';
import { ReceptionPeriodQuery } from './reception-period.query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { RECEPTION_PERIOD_PROBLEMS } from './reception-problems';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('reception')
@ApiBearerAuth()
@Controller('reception-book.xlsx')
export class ReceptionBookHttpController {
  constructor(
    private readonly periods: ReceptionPeriodQuery,
    private readonly queries: ReceptionQueries,
    @Inject(DEPARTMENTS) private readonly departments: readonly Department[],
  ) {}

  @Get()
  @RequiresPermission('reception.read')
  @ApiOperation({
    operationId: 'getReceptionBook',
    summary: 'Sổ tiếp công dân (Mẫu 03/TCD) của đơn vị trong kỳ, tệp XLSX; họ tên, địa chỉ, số giấy tờ chỉ điền cho vai trò được xem danh tính (mỗi lần xem được ghi nhật ký)',
  })
  @ApiQuery({ name: 'department', required: false, description: 'Mã đơn vị (mặc định đơn vị của người dùng)' })
  @ApiQuery({ name: 'from', required: true, example: '2026-01-01' })
  @ApiQuery({ name: 'to', required: true, example: '2026-03-31' })
  @ApiQuery({ name: 'after', required: false, description: 'Vị trí (position) một lệnh đã trả về' })
  @ApiAnswers(null, RECEPTION_PERIOD_PROBLEMS, { files: [XLSX], description: 'Tệp XLSX' })
  async book(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: ServerResponse): Promise<StreamableFile> {
    const period = this.periods.period(raw, actor);
    const ids = await this.periods.sessionIds(period, raw, response);
    const rows = await this.queries.book(ids, actor, period);
    const departmentName = this.departments.find((d) => d.code === period.department)?.name ?? period.department;
    const body = await receptionBookXlsx({ departmentName, from: period.from, to: period.to, rows });
    return new StreamableFile(body, { type: XLSX, disposition: `attachment; filename="so-tiep-cong-dan-${period.department}-${period.from}-${period.to}.xlsx"`, length: body.byteLength });
  }
}
