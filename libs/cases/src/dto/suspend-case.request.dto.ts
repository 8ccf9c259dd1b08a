import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class SuspendCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 5000, description: 'Lý do tạm đình chỉ' })
  reason!: string;
}
