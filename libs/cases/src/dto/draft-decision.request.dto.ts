import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class DraftDecisionRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 20000, description: 'Tóm tắt dự thảo quyết định (kết luận)' })
  summary!: string;
}
