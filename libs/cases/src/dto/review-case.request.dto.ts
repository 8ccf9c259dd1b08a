import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class ReviewCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 5000, description: 'Lý do kiểm tra, xem xét lại' })
  reason!: string;

  @TextField({ maxLength: 20000, description: 'Kết luận kiểm tra, xem xét lại' })
  conclusion!: string;
}
