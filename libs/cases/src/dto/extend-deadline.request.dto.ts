import { DocumentRefRequestDto } from './document-ref.request.dto';
import { CodeField, TextField } from './request-field.decorators';

export class ExtendDeadlineRequestDto extends DocumentRefRequestDto {
  @CodeField({ description: 'Thời hạn được gia hạn (tên trong quy trình)', example: 'resolution' })
  clock!: string;

  @TextField({ maxLength: 5000, description: 'Lý do gia hạn' })
  reason!: string;
}
