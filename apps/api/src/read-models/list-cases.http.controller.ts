import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequiresPermission } from '@kntc/auth';
import type { Actor } from '@kntc/domain';
import {
  CASE_LIST_SORTS,
  DEADLINE_STATUSES,
  DEPARTMENT_CASES_PROJECTION,
  DepartmentCasesQueries,
  type CaseSummaryView,
  type DeadlineWindow,
  type DepartmentCaseRow,
} from '@kntc/read-models';
import { AFTER_PARAMETER, AwaitReadModelInterceptor, ReadsFrom } from './await-read-model.interceptor';
import { ReadModelQuery } from './read-model-query';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { READ_MODEL_PROBLEMS } from '../openapi/problem-responses';

const PARAMETERS = [
  'department',
  'kind',
  'stage',
  'inspector',
  'deadlineStatus',
  'receivedFrom',
  'receivedTo',
  'q',
  'sort',
  'offset',
  'limit',
  AFTER_PARAMETER,
] as const;
const MAX_LIMIT = 200;

export interface CaseListAnswer {
  /** The summaries as the department list keeps them: with the day a resolved case was resolved. */
  items: Array<CaseSummaryView & Pick<DepartmentCaseRow, 'resolvedOn'>>;
  total: number;
  offset: number;
  limit: number;
  /** Today and the last day counted as due soon, as the statuses were computed. */
  window: DeadlineWindow;
  /** The read model's position: it reflects every command that answered a position up to this one. */
  position: string;
}

@ApiTags('read models')
@ApiBearerAuth()
@Controller('cases')
@UseInterceptors(AwaitReadModelInterceptor)
@ReadsFrom(DEPARTMENT_CASES_PROJECTION)
export class ListCasesHttpController {
  constructor(private readonly cases: DepartmentCasesQueries) {}

  @Get()
  @RequiresPermission('case.list')
  @ApiOperation({
    operationId: 'listCases',
    summary: 'Danh sách hồ sơ của đơn vị: lọc, tìm kiếm (có hoặc không dấu), phân trang',
    description: 'Người dùng chỉ thấy hồ sơ của đơn vị mình (đơn vị khác: danh sách rỗng), trừ vai trò giám sát và VP UBND. Danh tính bí mật không bao giờ xuất hiện ở đây.',
  })
  @ApiQuery({ name: 'department', required: false, description: 'Mã đơn vị; mặc định: đơn vị của người dùng (giám sát: mọi đơn vị)' })
  @ApiQuery({ name: 'kind', required: false, description: 'Loại hồ sơ, ví dụ complaint-first' })
  @ApiQuery({ name: 'stage', required: false, description: 'Bước hiện tại, ví dụ verifying' })
  @ApiQuery({ name: 'inspector', required: false, description: 'Mã thanh tra viên được phân công' })
  @ApiQuery({ name: 'deadlineStatus', required: false, enum: DEADLINE_STATUSES, description: 'Tình trạng thời hạn gấp nhất đang chạy, tính đến hôm nay' })
  @ApiQuery({ name: 'receivedFrom', required: false, description: 'Nhận đơn từ ngày (YYYY-MM-DD)' })
  @ApiQuery({ name: 'receivedTo', required: false, description: 'Nhận đơn đến ngày (YYYY-MM-DD), tính cả ngày này' })
  @ApiQuery({ name: 'q', required: false, description: 'Tìm theo trích yếu, tên người liên quan, số đơn: "nguyen thi anh" tìm được "Nguyễn Thị Ánh"' })
  @ApiQuery({ name: 'sort', required: false, enum: CASE_LIST_SORTS, description: 'received: mới nhận trước (mặc định); due: sắp đến hạn trước' })
  @ApiQuery({ name: 'offset', required: false, description: 'Bỏ qua bao nhiêu hồ sơ; mặc định 0' })
  @ApiQuery({ name: 'limit', required: false, description: `Số hồ sơ mỗi trang, 1–${MAX_LIMIT}; mặc định 50` })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí (position) một lệnh đã trả về: chỉ trả lời khi danh sách đã cập nhật đến đó (tối đa vài giây, sau đó 503 read-model-behind)' })
  @ApiAnswers('CaseListAnswer', READ_MODEL_PROBLEMS, { description: 'Một trang hồ sơ, tổng số, và vị trí dữ liệu' })
  async listCases(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<CaseListAnswer> {
    const query = new ReadModelQuery(raw, PARAMETERS);
    const department = query.text('department', 100);
    const kind = query.text('kind', 100);
    const stage = query.text('stage', 100);
    const inspectorId = query.text('inspector', 200);
    const deadlineStatus = query.oneOf('deadlineStatus', DEADLINE_STATUSES);
    const receivedFrom = query.date('receivedFrom');
    const receivedTo = query.date('receivedTo');
    const text = query.text('q');
    const sort = query.oneOf('sort', CASE_LIST_SORTS);
    const page = await this.cases.list(actor, {
      ...(department !== undefined ? { department } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(stage !== undefined ? { stage } : {}),
      ...(inspectorId !== undefined ? { inspectorId } : {}),
      ...(deadlineStatus !== undefined ? { deadlineStatus } : {}),
      ...(receivedFrom !== undefined ? { receivedFrom } : {}),
      ...(receivedTo !== undefined ? { receivedTo } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(sort !== undefined ? { sort } : {}),
      offset: query.whole('offset', 0, 0, 1_000_000),
      limit: query.whole('limit', 50, 1, MAX_LIMIT),
    });
    return { ...page, position: page.position.toString() };
  }
}
