import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class RejectCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 50, description: 'Căn cứ không thụ lý (ví dụ KN11.6: Luật Khiếu nại, Điều 11 khoản 6)', example: 'KN11.6' })
  groundCode!: string;

  @TextField({ maxLength: 5000, description: 'Lý do không thụ lý' })
  reason!: string;
}
