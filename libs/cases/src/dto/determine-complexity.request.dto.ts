import { COMPLEXITY_CRITERIA, type ComplexityCriterion } from '@kntc/domain';
import { DocumentRefRequestDto } from './document-ref.request.dto';
import { EnumListField, TextField } from './request-field.decorators';

export class DetermineComplexityRequestDto extends DocumentRefRequestDto {
  @EnumListField({
    values: COMPLEXITY_CRITERIA,
    maxItems: COMPLEXITY_CRITERIA.length,
    description: 'Tiêu chí phức tạp a–g (NĐ 31/2019, Điều 3 khoản 2): một tiêu chí là phức tạp, từ hai tiêu chí là đặc biệt phức tạp',
    example: ['a', 'b'],
  })
  criteria!: ComplexityCriterion[];

  @TextField({ maxLength: 5000, description: 'Lý do xác định mức độ phức tạp' })
  reason!: string;
}
