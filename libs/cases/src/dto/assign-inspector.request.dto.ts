import { TextField } from './request-field.decorators';

export class AssignInspectorRequestDto {
  @TextField({ maxLength: 100, description: 'Mã người dùng của thanh tra viên được phân công', example: 'tnmt-tt-minh' })
  inspectorId!: string;

  @TextField({ maxLength: 200, optional: true, description: 'Họ tên thanh tra viên', example: 'Lê Văn Minh' })
  inspectorName?: string;

  @TextField({ maxLength: 2000, optional: true, description: 'Ghi chú' })
  note?: string;
}
