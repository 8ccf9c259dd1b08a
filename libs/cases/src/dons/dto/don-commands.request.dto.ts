import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { DON_ARCHIVE_GROUNDS, DON_CONTENTS, DON_SOURCE_KINDS, type DonContent, type DonSourceKind } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';
import { PartyRequestDto } from '../../dto/party.request.dto';
import { BooleanField, CodeField, EnumField, LocalDateField, NestedListField, TextField, UuidField } from '../../dto/request-field.decorators';

const optionalValue = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** One nested object field, documented and validated once. */
function NestedField(type: () => new () => object, options: { description: string; optional?: boolean }): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type, required: !options.optional, description: options.description })(target, key);
    if (options.optional) optionalValue(target, key);
    ValidateNested({ message: 'Phải là một đối tượng JSON.' })(target, key);
    Type(type)(target, key);
  };
}

export class DonReferrerRequestDto {
  @TextField({ maxLength: 300, description: 'Cơ quan, tổ chức chuyển đơn', example: 'Đoàn ĐBQH tỉnh' })
  body!: string;

  @TextField({ maxLength: 100, description: 'Số văn bản chuyển đơn', example: '45/ĐĐBQH' })
  documentNo!: string;

  @LocalDateField({ description: 'Ngày văn bản chuyển đơn', example: '2026-02-27' })
  documentDate!: LocalDate;
}

export class DonSourceRequestDto {
  @EnumField({ values: DON_SOURCE_KINDS, description: 'Nguồn đơn: bưu chính, tiếp công dân, trực tuyến, cơ quan chuyển đến, hộp thư góp ý', example: 'post' })
  kind!: DonSourceKind;

  @UuidField({ optional: true, description: 'Buổi tiếp công dân đã nhận đơn (nguồn reception)' })
  receptionId?: string;

  @ApiProperty({ required: false, description: 'Số thứ tự lượt tiếp trong buổi', example: 3 })
  @optionalValue
  @IsInt({ message: 'Phải là số nguyên.' })
  @Min(1, { message: 'Phải từ 1 trở lên.' })
  visitNo?: number;

  @NestedField(() => DonReferrerRequestDto, { optional: true, description: 'Cơ quan chuyển đơn và văn bản chuyển (nguồn referral)' })
  referrer?: DonReferrerRequestDto;
}

export class LocalityRequestDto {
  @CodeField({ description: 'Mã tỉnh', example: 'ha-nam' })
  province!: string;

  @CodeField({ optional: true, description: 'Mã xã, phường, đặc khu', example: 'phuong-phu-ly' })
  commune?: string;
}

export class DonRepeatOfRequestDto {
  @UuidField({ optional: true, description: 'Đơn trước về cùng vụ việc' })
  donId?: string;

  @UuidField({ optional: true, description: 'Hồ sơ (vụ việc) trước về cùng nội dung' })
  caseId?: string;
}

/** POST /api/dons: vào sổ một đơn. */
export class RegisterDonRequestDto {
  @UuidField({ optional: true, description: 'Mã đơn, chỉ tài khoản nhập sổ được chọn (người khác: 400 validation-failed); bỏ trống thì suy ra từ Idempotency-Key (gửi lại chỉ vào sổ một lần)' })
  donId?: string;

  @CodeField({ description: 'Cơ quan nhận đơn', example: 'so-tnmt' })
  department!: string;

  @NestedField(() => DonRepeatOfRequestDto, { optional: true, description: 'Đơn hoặc hồ sơ trước mà đơn này lặp lại (gắn vào cùng vụ việc)' })
  repeatOf?: DonRepeatOfRequestDto;

  @NestedField(() => DonSourceRequestDto, { description: 'Nguồn đơn' })
  source!: DonSourceRequestDto;

  @LocalDateField({ description: 'Ngày nhận đơn; thời hạn xử lý đơn tính từ ngày này', example: '2026-03-02' })
  receivedOn!: LocalDate;

  @ApiProperty({ description: 'Số người đứng tên (0 nếu nặc danh)', example: 1 })
  @IsInt({ message: 'Phải là số nguyên.' })
  @Min(0, { message: 'Không được âm.' })
  @Max(100_000, { message: 'Tối đa 100.000.' })
  signers!: number;

  @BooleanField({ description: 'Đơn nặc danh', example: false })
  anonymous!: boolean;

  @NestedListField({ type: () => PartyRequestDto, minItems: 0, maxItems: 50, description: 'Người đứng đơn và các bên (danh tính người tố cáo luôn được mã hóa)' })
  parties!: PartyRequestDto[];

  @TextField({ maxLength: 300, optional: true, description: 'Người, cơ quan bị khiếu nại, tố cáo, kiến nghị', example: 'UBND xã An Bình' })
  respondent?: string;

  @TextField({ maxLength: 500, description: 'Trích yếu', example: 'Khiếu nại quyết định thu hồi đất' })
  subject!: string;

  @TextField({ maxLength: 20000, description: 'Nội dung đơn' })
  content!: string;

  @NestedField(() => LocalityRequestDto, { optional: true, description: 'Địa bàn (đơn vị hành chính hai cấp từ 01/7/2025)' })
  locality?: LocalityRequestDto;

  @CodeField({ optional: true, description: 'Lĩnh vực', example: 'dat-dai' })
  field?: string;

  @TextField({ maxLength: 300, optional: true, description: 'Dự án liên quan' })
  project?: string;
}

export class ClassifyDonRequestDto {
  @EnumField({ values: DON_CONTENTS, description: 'Phân loại theo nội dung (TT 05/2021, Điều 6)', example: 'complaint' })
  content!: DonContent;

  @BooleanField({ description: 'Đủ điều kiện xử lý', example: true })
  qualifying!: boolean;

  @TextField({ maxLength: 2000, optional: true, description: 'Lý do không đủ điều kiện xử lý' })
  notQualifyingReason?: string;

  @EnumField({ values: ['within', 'outside'], description: 'Thẩm quyền: thuộc / không thuộc', example: 'within' })
  competence!: 'within' | 'outside';

  @TextField({ maxLength: 300, optional: true, description: 'Cơ quan có thẩm quyền (khi không thuộc thẩm quyền)' })
  competentBody?: string;
}

export class AcceptDonIntoCaseRequestDto {
  @CodeField({ description: 'Loại hồ sơ (mã quy trình) được mở', example: 'complaint-first' })
  kind!: string;

  @BooleanField({ optional: true, description: 'Vùng sâu, vùng xa (Luật Khiếu nại, Điều 28, 37)', example: false })
  remoteArea?: boolean;
}

export class AttachDonToCaseRequestDto {
  @UuidField({ description: 'Hồ sơ (vụ việc) đã có về cùng nội dung' })
  caseId!: string;
}

export class AttachDonToDonRequestDto {
  @UuidField({ description: 'Đơn trước về cùng vụ việc' })
  toDonId!: string;
}

class DonDocumentRequestDto {
  @TextField({ maxLength: 100, description: 'Số văn bản', example: '12/HD-TTr' })
  documentNo!: string;

  @LocalDateField({ optional: true, description: 'Ngày văn bản (mặc định hôm nay, giờ Việt Nam)', example: '2026-03-05' })
  documentDate?: LocalDate;
}

export class GuideCitizenRequestDto extends DonDocumentRequestDto {
  @TextField({ maxLength: 300, optional: true, description: 'Cơ quan có thẩm quyền được hướng dẫn đến' })
  toBody?: string;
}

export class ForwardDonRequestDto extends DonDocumentRequestDto {
  @TextField({ maxLength: 300, description: 'Cơ quan nhận đơn chuyển' })
  toBody!: string;
}

export class UrgeLowerLevelRequestDto extends DonDocumentRequestDto {
  @TextField({ maxLength: 300, description: 'Cơ quan cấp dưới được đôn đốc' })
  body!: string;
}

export class RequestDonSplitRequestDto {
  @TextField({ maxLength: 100, optional: true, description: 'Số văn bản hướng dẫn tách đơn' })
  documentNo?: string;

  @LocalDateField({ optional: true, description: 'Ngày văn bản (mặc định hôm nay)' })
  documentDate?: LocalDate;
}

export class ArchiveDonRequestDto {
  @EnumField({ values: Object.keys(DON_ARCHIVE_GROUNDS), description: 'Căn cứ lưu đơn (TT 05/2021, Điều 28)', example: 'not-qualifying' })
  ground!: string;

  @TextField({ maxLength: 100, optional: true, description: 'Số văn bản' })
  documentNo?: string;

  @LocalDateField({ optional: true, description: 'Ngày lưu đơn (mặc định hôm nay)' })
  documentDate?: LocalDate;
}

export class AnswerReferrerRequestDto extends DonDocumentRequestDto {
  @LocalDateField({ optional: true, description: 'Ngày vụ việc được giải quyết (bắt buộc khi đơn đã thành hồ sơ)' })
  resolvedOn?: LocalDate;
}
