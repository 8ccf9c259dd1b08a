import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class AnswerCitizenRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 20000, description: 'Tóm tắt nội dung trả lời công dân' })
  summary!: string;
}
