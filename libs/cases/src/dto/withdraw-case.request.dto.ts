import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class WithdrawCaseRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 5000, description: 'Lý do rút đơn' })
  reason!: string;

  @TextField({
    maxLength: 50,
    optional: true,
    description: 'Chỉ với tố cáo: căn cứ tiếp tục giải quyết dù người tố cáo rút đơn (Luật Tố cáo, Điều 33 khoản 3)',
    example: 'signs-of-violation',
  })
  continueGround?: string;
}
