import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextListField } from './request-field.decorators';

export class SendDecisionRequestDto extends DocumentRefRequestDto {
  @TextListField({
    minItems: 1,
    maxItems: 50,
    maxLength: 300,
    description: 'Nơi nhận quyết định (Luật Khiếu nại, Điều 32)',
    example: ['Người khiếu nại', 'UBND huyện Bình Chánh'],
  })
  recipients!: string[];
}
