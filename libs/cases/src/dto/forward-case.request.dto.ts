import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class ForwardCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 300, description: 'Cơ quan có thẩm quyền nhận đơn', example: 'UBND huyện Bình Chánh' })
  toAgency!: string;

  @TextField({ maxLength: 5000, description: 'Lý do chuyển đơn' })
  reason!: string;
}
