import { DocumentRefRequestDto } from './document-ref.request.dto';
import { TextField } from './request-field.decorators';

export class RecordDialogueRequestDto extends DocumentRefRequestDto {
  @TextField({ maxLength: 20000, description: 'Tóm tắt biên bản đối thoại' })
  summary!: string;
}
