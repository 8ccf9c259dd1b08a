import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { canSeeDepartment, CurrentActor, RequiresPermission } from '@kntc/auth';
import { EVENT_STORE } from '@kntc/cases';
import type { Actor } from '@kntc/domain';
import type { EventStore } from '@kntc/event-store';
import { DonRegisterQueries, READ_MODEL_SETTINGS, type ReadModelSettings, type CandidateAnswer, type DonRegisterPage, type DonRegisterRow } from '@kntc/read-models';
import { ParseCaseIdPipe } from '../cases/case-id.pipe';
import { AFTER_PARAMETER, AwaitReadModelInterceptor } from '../read-models/await-read-model.interceptor';
import { ReadModelQuery } from '../read-models/read-model-query';
import { ApiProblem } from '../shared/api-problem.error';
import { ApiAnswers } from '../openapi/api-answers.decorator';
import { READ_MODEL_PROBLEMS } from '../openapi/problem-responses';

const STATUSES: ReadonlyArray<DonRegisterRow['status']> = ['open', 'processed'];
const MAX_PAGE_SIZE = 200;

/**
 * The đơn register of a department and the đơn and cases that look like the same matter as a đơn, from the
 * don-register read model (ids, dates and codes; keyed hashes in the candidate index, no identity or text).
 */
@ApiTags('dons')
@ApiBearerAuth()
@Controller('dons')
// The interceptor checks `after` and Redis's availability; the wait is the index's own (DonRegisterQueries.waitFor).
@UseInterceptors(AwaitReadModelInterceptor)
export class DonRegisterHttpController {
  constructor(
    private readonly register: DonRegisterQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_SETTINGS) private readonly settings: ReadModelSettings,
  ) {}

  /** A đơn command answers the position of its last stream (often the matter's): wait for the đơn events up to it. */
  private async awaitIndex(after: string | undefined): Promise<void> {
    if (after === undefined) return;
    if (await this.register.waitFor(this.store, BigInt(after), this.settings.waitTimeoutMs)) return;
    throw new ApiProblem(503, 'read-model-behind', 'Dữ liệu đang được cập nhật', `Sổ đơn chưa cập nhật đến thay đổi vừa ghi (vị trí ${after}); vui lòng thử lại sau.`, { after });
  }

  @Get()
  @RequiresPermission('dons.read')
  @ApiOperation({ operationId: 'listDons', summary: 'Sổ đơn của đơn vị: mới nhận trước, lọc theo tình trạng, phân trang, số liệu tổng hợp' })
  @ApiQuery({ name: 'department', required: false, description: 'Mã đơn vị; mặc định: đơn vị của người dùng' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES, description: 'open: chưa xử lý xong; processed: đã xử lý' })
  @ApiQuery({ name: 'page', required: false, description: 'Trang, từ 1' })
  @ApiQuery({ name: 'pageSize', required: false, description: `Số đơn mỗi trang, 1–${MAX_PAGE_SIZE}; mặc định 50` })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí một lệnh đã trả về: chỉ trả lời khi sổ đã cập nhật đến đó' })
  @ApiAnswers('DonRegisterPage', READ_MODEL_PROBLEMS, { description: 'Một trang của sổ đơn, tổng số và số liệu theo tình trạng, nguồn, nội dung, kết quả xử lý' })
  async listDons(@Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<DonRegisterPage> {
    const query = new ReadModelQuery(raw, ['department', 'status', 'page', 'pageSize', AFTER_PARAMETER]);
    const department = query.text('department', 100) ?? actor.department;
    const status = query.oneOf('status', STATUSES);
    const page = query.whole('page', 1, 1, 100_000);
    const pageSize = query.whole('pageSize', 50, 1, MAX_PAGE_SIZE);
    await this.awaitIndex(query.text(AFTER_PARAMETER, 30));
    // Another department's register reads as empty, as case lists do.
    if (!canSeeDepartment(actor, department)) return { items: [], total: 0, page, pageSize, counts: {} };
    return this.register.list(department, { ...(status !== undefined ? { status } : {}), page, pageSize });
  }

  @Get(':id/candidates')
  @RequiresPermission('dons.read')
  @ApiOperation({
    operationId: 'listDonCandidates',
    summary: 'Đơn và hồ sơ có vẻ cùng vụ việc với đơn này (cùng người, cùng đối tượng, nội dung tương tự; không phân biệt dấu)',
  })
  @ApiParam({ name: 'id', description: 'Mã đơn (UUID)' })
  @ApiQuery({ name: AFTER_PARAMETER, required: false, description: 'Vị trí lệnh vào sổ đã trả về: chờ chỉ mục cập nhật đến đó' })
  @ApiAnswers('CandidateAnswer', [READ_MODEL_PROBLEMS, { 400: ['invalid-case-id'], 404: ['don-not-found'] }], {
    description: 'Các đơn và hồ sơ ứng viên, xếp theo mức tương tự của miền nghiệp vụ',
  })
  async candidates(@Param('id', ParseCaseIdPipe) donId: string, @Query() raw: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<CandidateAnswer> {
    await this.awaitIndex(new ReadModelQuery(raw, [AFTER_PARAMETER]).text(AFTER_PARAMETER, 30));
    const answer = await this.register.candidatesOfDon(donId);
    // An unknown đơn and one of another department answer alike: nothing tells that it exists.
    if (answer === undefined || !canSeeDepartment(actor, answer.department)) {
      throw new ApiProblem(404, 'don-not-found', 'Không tìm thấy đơn', `Không có đơn ${donId} trong sổ đơn của đơn vị.`);
    }
    return { dons: answer.dons, cases: answer.cases };
  }
}
