import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class CloseCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 5000, optional: true, description: 'Ghi chú khi kết thúc hồ sơ' })
  reason?: string;
}
