import { PARTY_ROLES, type Party, type PartyRole } from '@kntc/domain';
import { IsEmail } from 'class-validator';
import { BooleanField, EnumField, TextField } from './request-field.decorators';

export class PartyRequestDto implements Party {
  @EnumField({ values: PARTY_ROLES, description: 'Tư cách trong vụ việc', example: 'complainant' })
  role!: PartyRole;

  @TextField({ maxLength: 200, description: 'Họ và tên (hoặc tên cơ quan, tổ chức)', example: 'Nguyễn Thị Ánh' })
  name!: string;

  @TextField({ maxLength: 500, optional: true, description: 'Địa chỉ', example: 'Số 12 đường Lê Lợi, phường Bến Thành' })
  address?: string;

  @TextField({ maxLength: 30, optional: true, description: 'Số điện thoại', example: '0912345678' })
  phone?: string;

  @TextField({ maxLength: 200, optional: true, description: 'Thư điện tử', example: 'anh.nguyen@example.vn' })
  @IsEmail({}, { message: 'Phải là địa chỉ thư điện tử hợp lệ.' })
  email?: string;

  @TextField({ maxLength: 30, optional: true, description: 'Số CCCD/CMND/hộ chiếu', example: '001190012345' })
  idNumber?: string;

  @BooleanField({ description: 'Giữ bí mật danh tính (người tố cáo luôn được giữ bí mật: Luật Tố cáo 2018, Điều 47)', example: false })
  confidential!: boolean;
}
