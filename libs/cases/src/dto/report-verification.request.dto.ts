import { FINDINGS, type Finding } from '@kntc/domain';
import { DocumentRefRequestDto } from './document-ref.request.dto';
import { EnumField, TextField } from './request-field.decorators';

export class ReportVerificationRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 20000, description: 'Tóm tắt kết quả xác minh' })
  summary!: string;

  @EnumField({ values: FINDINGS, description: 'Kết luận: đúng, đúng một phần, sai', example: 'partly-right' })
  finding!: Finding;
}
