import { RECEIPT_CHANNELS, type ReceiptChannel } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';
import { PartyRequestDto } from './party.request.dto';
import { BooleanField, CodeField, EnumField, LocalDateField, NestedListField, TextField, UuidField } from './request-field.decorators';

export class FileCaseRequestDto {
  @UuidField({
    optional: true,
    description: 'Mã hồ sơ do bên gửi chọn; nếu bỏ trống, mã được suy ra từ Idempotency-Key nên gửi lại cùng yêu cầu chỉ tạo một hồ sơ',
  })
  caseId?: string;

  @CodeField({ description: 'Loại hồ sơ (mã quy trình)', example: 'complaint-first' })
  kind!: string;

  @CodeField({ description: 'Cơ quan thụ lý', example: 'so-tnmt' })
  department!: string;

  @EnumField({ values: RECEIPT_CHANNELS, description: 'Hình thức tiếp nhận', example: 'in-person' })
  channel!: ReceiptChannel;

  @LocalDateField({ description: 'Ngày nhận đơn; thời hạn thụ lý / xử lý ban đầu tính từ ngày này', example: '2026-03-02' })
  receivedOn!: LocalDate;

  @TextField({ maxLength: 500, description: 'Trích yếu', example: 'Khiếu nại quyết định thu hồi đất' })
  subject!: string;

  @TextField({ maxLength: 20000, description: 'Nội dung đơn' })
  content!: string;

  @NestedListField({ type: () => PartyRequestDto, minItems: 1, maxItems: 50, description: 'Người gửi đơn và các bên liên quan' })
  parties!: PartyRequestDto[];

  @BooleanField({ description: 'Vùng sâu, vùng xa (thời hạn giải quyết dài hơn: Luật Khiếu nại, Điều 28, 37)', example: false })
  remoteArea!: boolean;

  @TextField({ maxLength: 100, optional: true, description: 'Số, ký hiệu đơn trong sổ tiếp nhận', example: '45/ĐKN' })
  referenceNo?: string;

  @TextField({ maxLength: 300, optional: true, description: 'Cơ quan chuyển đơn đến (khi nhận qua chuyển đơn)' })
  referredBy?: string;
}
