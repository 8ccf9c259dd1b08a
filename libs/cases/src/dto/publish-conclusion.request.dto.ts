import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class PublishConclusionRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 500, description: 'Hình thức công khai: họp, niêm yết, cổng thông tin điện tử, báo chí (Luật Tố cáo, Điều 40)', example: 'Cổng thông tin điện tử' })
  method!: string;
}
