import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { canSeeDepartment, CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import {
  exportDepartmentReport,
  isRedisUnavailableError,
  isReportFormat,
  REPORT_FORMATS,
  REPORT_PERIOD_FORMS,
  REPORT_SPREADSHEET_WRITER,
  ReportFactsBehindError,
  ReportFormatUnavailableError,
  ReportRequestError,
  resolveReportWindow,
  type DepartmentReport,
  type DepartmentReports,
  type ReportFormat,
  type ReportSpreadsheetWriter,
  type ReportWindow,
} from '@kntc/read-models';
import type { ServerResponse } from 'node:http';
import { ApiProblem } from '../shared/api-problem.error';
import { DEPARTMENT_REPORTS } from './reports.module.tokens';
import { ApiAnswers } from '../openapi/api-answers.decorator';

/** Seconds a client should wait before asking again when the report facts are behind or Redis is down. */
const RETRY_AFTER_SECONDS = 2;

const QUERY_PARAMETERS = ['period', 'from', 'to', 'asOf', 'format'] as const;
type QueryParameter = (typeof QUERY_PARAMETERS)[number];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class DepartmentReportHttpController {
  constructor(
    @Inject(DEPARTMENT_REPORTS) private readonly reports: DepartmentReports,
    @Inject(REPORT_SPREADSHEET_WRITER) private readonly spreadsheets: ReportSpreadsheetWriter,
  ) {}

  @Get('departments/:id')
  @RequiresPermission('report.read')
  @ApiOperation({
    operationId: 'getDepartmentReport',
    summary: 'Báo cáo của đơn vị theo kỳ: tiếp nhận, xử lý đơn, vụ việc thuộc thẩm quyền, bước xử lý, kết quả, thời hạn',
    description:
      'Tính từ các sự kiện đã ghi. Với asOf, số liệu là như đã ghi nhận đến hết ngày đó, và giống nhau mỗi lần hỏi. ' +
      'Dành cho trưởng phòng, giám đốc, VP UBND và giám sát; mỗi người chỉ xem được đơn vị của mình, trừ giám sát và VP UBND.',
  })
  @ApiParam({ name: 'id', description: 'Mã đơn vị', example: 'so-tnmt' })
  @ApiQuery({ name: 'period', required: false, description: `Kỳ báo cáo chính thức (TT 01/2024/TT-TTCP): ${REPORT_PERIOD_FORMS.join(', ')}`, example: '2026-Q1' })
  @ApiQuery({ name: 'from', required: false, description: 'Từ ngày (YYYY-MM-DD), cùng với to, thay cho period' })
  @ApiQuery({ name: 'to', required: false, description: 'Đến ngày (YYYY-MM-DD), tính cả ngày này' })
  @ApiQuery({ name: 'asOf', required: false, description: 'Số liệu như đã ghi nhận đến hết ngày này (YYYY-MM-DD); mặc định: ngày cuối kỳ' })
  @ApiQuery({ name: 'format', required: false, enum: REPORT_FORMATS, description: 'json (mặc định), csv (UTF-8, mở được bằng Excel) hoặc xlsx' })
  @ApiAnswers(
    'DepartmentReport',
    {
      400: ['invalid-period', 'invalid-date', 'invalid-format', 'unknown-parameter'],
      404: ['department-not-found'],
      501: ['format-unavailable'],
      503: ['read-model-behind', 'read-models-unavailable', 'store-unavailable'],
    },
    { description: 'Báo cáo (json) hoặc tệp tải về (csv, xlsx)', files: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  )
  async getDepartmentReport(
    @Param('id') department: string,
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DepartmentReport | StreamableFile> {
    if (!canSeeDepartment(actor, department)) {
      // The same answer as for a department that does not exist: another unit's existence is not disclosed.
      throw new ApiProblem(404, 'department-not-found', 'Không tìm thấy đơn vị', `Không có đơn vị "${department.slice(0, 100)}" trong phạm vi được xem.`);
    }
    const { window, format } = parseQuery(query);
    const report = await this.reports.build(department, window).catch((error: unknown) => {
      throw unavailable(error, response);
    });
    if (format === 'json') return report;
    try {
      const file = await exportDepartmentReport(report, format, this.spreadsheets);
      return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.body.byteLength });
    } catch (error) {
      if (error instanceof ReportFormatUnavailableError) {
        throw new ApiProblem(501, error.code, 'Định dạng chưa được hỗ trợ', error.message, { formats: REPORT_FORMATS.filter((f) => f !== error.format) });
      }
      throw error;
    }
  }
}

/** The 503 of a report the read side cannot give now; any other error as it is. */
function unavailable(error: unknown, response: ServerResponse): unknown {
  if (error instanceof ReportFactsBehindError) {
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return new ApiProblem(
      503,
      'read-model-behind',
      'Dữ liệu đang được cập nhật',
      `Dữ liệu báo cáo chưa cập nhật đến các thay đổi mới nhất (vị trí ${error.head.toString()}); vui lòng thử lại sau ${RETRY_AFTER_SECONDS} giây.`,
      { after: error.head.toString(), reached: { 'report-facts': error.reached.toString() } },
    );
  }
  if (isRedisUnavailableError(error)) {
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return new ApiProblem(503, 'read-models-unavailable', 'Báo cáo tạm thời không khả dụng', `Không kết nối được Redis, nơi lưu dữ liệu báo cáo; vui lòng thử lại sau ${RETRY_AFTER_SECONDS} giây.`);
  }
  return error;
}

function parseQuery(query: Record<string, unknown>): { window: ReportWindow; format: ReportFormat } {
  const unknown = Object.keys(query).filter((name) => !(QUERY_PARAMETERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ApiProblem(400, 'unknown-parameter', 'Tham số không hợp lệ', `Tham số không được hỗ trợ: ${unknown.join(', ').slice(0, 200)}; dùng: ${QUERY_PARAMETERS.join(', ')}.`);
  }
  const value = (name: QueryParameter): string | undefined => {
    const given = query[name];
    if (given === undefined || typeof given === 'string') return given;
    const code = name === 'format' ? 'invalid-format' : name === 'period' ? 'invalid-period' : 'invalid-date';
    throw new ApiProblem(400, code, 'Tham số không hợp lệ', `Tham số ${name} chỉ được có một giá trị.`, { field: name });
  };
  const format = value('format') ?? 'json';
  if (!isReportFormat(format)) {
    throw new ApiProblem(400, 'invalid-format', 'Định dạng không hợp lệ', `Định dạng "${format.slice(0, 20)}" không hợp lệ; dùng: ${REPORT_FORMATS.join(', ')}.`, {
      field: 'format',
    });
  }
  try {
    const window = resolveReportWindow({ period: value('period'), from: value('from'), to: value('to'), asOf: value('asOf') });
    return { window, format };
  } catch (error) {
    if (error instanceof ReportRequestError) {
      const title = error.code === 'invalid-period' ? 'Kỳ báo cáo không hợp lệ' : 'Ngày không hợp lệ';
      throw new ApiProblem(400, error.code, title, error.message, { field: error.field });
    }
    throw error;
  }
}
