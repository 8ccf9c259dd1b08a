import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class TerminateCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 50, optional: true, description: 'Căn cứ đình chỉ giải quyết' })
  groundCode?: string;

  @TextField({ maxLength: 5000, description: 'Lý do đình chỉ giải quyết' })
  reason!: string;
}
