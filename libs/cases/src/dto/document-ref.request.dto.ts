import type { DocumentRef } from '@kntc/domain';
import type { LocalDate } from '@kntc/workflow';
import { LocalDateField, TextField } from './request-field.decorators';

/** The document an act produces (thông báo, quyết định, biên bản); every field is optional. */
export class DocumentRefRequestDto implements DocumentRef {
  @TextField({ maxLength: 100, optional: true, description: 'Số văn bản', example: '125/TB-TTr' })
  documentNo?: string;

  @LocalDateField({ optional: true, description: 'Ngày ghi trên văn bản (mặc định: hôm nay, giờ Việt Nam)', example: '2026-03-02' })
  documentDate?: LocalDate;

  @TextField({ maxLength: 2000, optional: true, description: 'Ghi chú' })
  note?: string;
}
