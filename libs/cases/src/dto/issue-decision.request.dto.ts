import { FINDINGS, type Finding } from '@kntc/domain';
import { DocumentRefRequestDto } from './document-ref.request.dto';
import { EnumField, TextField } from './request-field.decorators';

export class IssueDecisionRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 100, description: 'Số quyết định (kết luận)', example: '1234/QĐ-UBND' })
  decisionNo!: string;

  @EnumField({ values: FINDINGS, description: 'Kết luận: đúng, đúng một phần, sai', example: 'partly-right' })
  finding!: Finding;

  @TextField({ maxLength: 20000, description: 'Tóm tắt nội dung quyết định' })
  summary!: string;
}
