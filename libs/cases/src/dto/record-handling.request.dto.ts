import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class RecordHandlingRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 20000, description: 'Tóm tắt việc xử lý kết luận nội dung tố cáo (Luật Tố cáo, Điều 36)' })
  summary!: string;
}
