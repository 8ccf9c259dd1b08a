import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { RECEPTION_KINDS, RECEPTION_REFUSAL_GROUNDS, VISIT_CLASSIFICATIONS, VISIT_OUTCOME_KINDS, type ReceptionKind, type ReceptionRefusalGround, type VisitClassification, type VisitOutcomeKind } from '@kntc/domain';
import { PartyRequestDto } from '../../dto/party.request.dto';
import { EnumField, LocalDateField, NestedListField, TextField, TextListField, UuidField } from '../../dto/request-field.decorators';

const optionalValue = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** POST /api/reception-sessions: a leader session planned (`plan`), or the register of a session opened (`open`). */
export class CreateReceptionSessionRequestDto {
  @EnumField({ values: ['plan', 'open'], description: 'plan: lên lịch buổi tiếp của lãnh đạo; open: mở sổ buổi tiếp không có trong lịch', example: 'plan' })
  action!: 'plan' | 'open';

  @UuidField({ optional: true, description: 'Mã buổi tiếp, chỉ tài khoản nhập sổ được chọn (người khác: 400 validation-failed); bỏ trống thì hệ thống đặt theo Idempotency-Key' })
  sessionId?: string;

  @TextField({ maxLength: 100, description: 'Mã đơn vị', example: 'so-tnmt' })
  department!: string;

  @EnumField({ values: RECEPTION_KINDS, description: 'Hình thức tiếp: thường xuyên, lãnh đạo định kỳ, lãnh đạo đột xuất, trực tuyến (từ 01/7/2026)', example: 'leader-periodic' })
  kind!: ReceptionKind;

  @LocalDateField({ optional: true, description: 'Ngày tiếp (mặc định hôm nay khi mở sổ)', example: '2026-02-25' })
  date?: string;

  @TextField({ maxLength: 300, description: 'Nơi tiếp', example: 'Trụ sở tiếp công dân Sở TN&MT' })
  place!: string;

  @TextField({ maxLength: 200, optional: true, description: 'Lãnh đạo tiếp', example: 'Giám đốc Sở' })
  leader?: string;

  @TextField({ maxLength: 200, optional: true, description: 'Người tiếp (mặc định người ghi)' })
  receivedBy?: string;
}

export class PublishReceptionSessionRequestDto {
  @LocalDateField({ optional: true, description: 'Ngày niêm yết lịch (mặc định hôm nay)', example: '2026-02-11' })
  publishedOn?: string;
}

export class PostponeReceptionSessionRequestDto {
  @LocalDateField({ description: 'Ngày tiếp mới (được niêm yết lại)', example: '2026-03-04' })
  newDate!: string;

  @TextField({ maxLength: 2000, description: 'Lý do hoãn' })
  reason!: string;
}

export class CancelReceptionSessionRequestDto {
  @TextField({ maxLength: 2000, description: 'Lý do hủy' })
  reason!: string;
}

export class OpenReceptionSessionRequestDto {
  @TextField({ maxLength: 200, optional: true, description: 'Người tiếp (mặc định người ghi)' })
  receivedBy?: string;
}

export class VisitDelegationRequestDto {
  @ApiProperty({ description: 'Số người của đoàn', example: 7 })
  @IsInt({ message: 'Phải là số nguyên.' })
  @Min(1, { message: 'Phải từ 1 trở lên.' })
  @Max(10_000, { message: 'Tối đa 10.000.' })
  size!: number;

  @ApiProperty({ description: 'Số người đại diện (Luật TCD, Điều 29–30)', example: 2 })
  @IsInt({ message: 'Phải là số nguyên.' })
  @Min(0, { message: 'Không được âm.' })
  @Max(10_000, { message: 'Tối đa 10.000.' })
  representatives!: number;
}

export class VisitOutcomeRequestDto {
  @EnumField({ values: VISIT_OUTCOME_KINDS, description: 'Kết quả: hướng dẫn/giải thích, nhận đơn, chuyển, từ chối tiếp, trả lời', example: 'guided' })
  kind!: VisitOutcomeKind;

  @TextField({ maxLength: 100, optional: true, description: 'Số đơn đã đăng ký (nhận đơn)' })
  donId?: string;

  @TextField({ maxLength: 300, optional: true, description: 'Cơ quan được hướng dẫn đến hoặc chuyển đến' })
  toBody?: string;

  @EnumField({ values: Object.keys(RECEPTION_REFUSAL_GROUNDS), optional: true, description: 'Căn cứ từ chối tiếp (Luật TCD, Điều 9)', example: 'TCD9.2' })
  refusalGround?: ReceptionRefusalGround;

  @TextField({ maxLength: 2000, optional: true, description: 'Ghi chú' })
  note?: string;
}

export class RecordVisitRequestDto {
  @ApiProperty({ required: false, description: 'Thời điểm tiếp (ISO-8601; mặc định lúc ghi)', example: '2026-02-25T02:10:00.000Z' })
  @optionalValue
  @TextFieldInstant()
  at?: string;

  @TextField({ maxLength: 200, optional: true, description: 'Người tiếp (mặc định người ghi)' })
  receivedBy?: string;

  @ApiProperty({ description: 'Số người đến', example: 1 })
  @IsInt({ message: 'Phải là số nguyên.' })
  @Min(1, { message: 'Phải từ 1 trở lên.' })
  @Max(10_000, { message: 'Tối đa 10.000.' })
  citizens!: number;

  @ApiProperty({ required: false, type: VisitDelegationRequestDto, description: 'Đoàn đông người (từ 5 người)' })
  @optionalValue
  @ValidateNested({ message: 'Phải là một đối tượng JSON.' })
  @Type(() => VisitDelegationRequestDto)
  delegation?: VisitDelegationRequestDto;

  @NestedListField({ type: () => PartyRequestDto, minItems: 0, maxItems: 50, description: 'Công dân đến (danh tính luôn được mã hóa)' })
  parties!: PartyRequestDto[];

  @TextField({ maxLength: 5000, description: 'Nội dung trình bày, tóm tắt' })
  summary!: string;

  @EnumField({ values: VISIT_CLASSIFICATIONS, description: 'Phân loại: khiếu nại, tố cáo, kiến nghị–phản ánh, nhiều nội dung', example: 'complaint' })
  classification!: VisitClassification;

  @TextListField({ maxLength: 300, minItems: 0, maxItems: 20, optional: true, description: 'Cơ quan đã giải quyết' })
  handledBefore?: string[];

  @ApiProperty({ type: VisitOutcomeRequestDto, description: 'Kết quả tiếp' })
  @ValidateNested({ message: 'Phải là một đối tượng JSON.' })
  @Type(() => VisitOutcomeRequestDto)
  outcome!: VisitOutcomeRequestDto;

  @UuidField({ optional: true, description: 'Vụ việc (matter) đã biết' })
  matterId?: string;

  @ApiProperty({ required: false, description: 'Vụ việc đã trình bày trước đây (lặp lại)', example: false })
  @optionalValue
  @IsBooleanValue()
  repeated?: boolean;
}

export class IssueReceptionConclusionRequestDto {
  @TextField({ maxLength: 100, description: 'Số thông báo kết luận tiếp công dân', example: '12/TB-STNMT' })
  documentNo!: string;

  @LocalDateField({ description: 'Ngày thông báo', example: '2026-02-27' })
  documentDate!: string;

  @TextField({ maxLength: 10_000, description: 'Nội dung kết luận, chỉ đạo của lãnh đạo' })
  summary!: string;
}

export class CloseReceptionSessionRequestDto {
  @TextField({ maxLength: 2000, optional: true, description: 'Ghi chú khi kết thúc buổi tiếp' })
  note?: string;
}

function TextFieldInstant(): PropertyDecorator {
  return ValidateBy({ name: 'isInstant', validator: { validate: (value) => typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value)), defaultMessage: () => 'Phải là thời điểm ISO-8601.' } });
}

function IsBooleanValue(): PropertyDecorator {
  return ValidateBy({ name: 'isBooleanValue', validator: { validate: (value) => typeof value === 'boolean', defaultMessage: () => 'Phải là true hoặc false.' } });
}
