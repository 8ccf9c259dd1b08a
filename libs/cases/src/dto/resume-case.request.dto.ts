import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class ResumeCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 5000, description: 'Lý do tiếp tục giải quyết' })
  reason!: string;
}
