import { Form, Input, Select } from 'antd';
import { useSession } from '../auth/session';
import { departmentLabel, roleLabel } from '../shared/labels';
import { ASSIGNABLE_ROLES } from './users-api';

/** Passwords the API accepts (libs/auth password policy). */
export const PASSWORD_RULES = [
  { required: true, message: 'Nhập mật khẩu.' },
  { min: 10, message: 'Mật khẩu cần ít nhất 10 ký tự.' },
];

/** Role and department, the two fields an administrator sets when creating an account and when changing it. */
export function RoleDepartmentFields() {
  const { catalog } = useSession();
  return (
    <>
      <Form.Item label="Vai trò" name="role" rules={[{ required: true, message: 'Chọn vai trò.' }]}>
        <Select options={ASSIGNABLE_ROLES.map((role) => ({ value: role, label: roleLabel(role) }))} />
      </Form.Item>
      <Form.Item label="Đơn vị" name="department" rules={[{ required: true, message: 'Chọn đơn vị.' }]}>
        <Select options={catalog.departments.map((code) => ({ value: code, label: departmentLabel(code) }))} />
      </Form.Item>
    </>
  );
}

/** A new password typed twice. */
export function NewPasswordFields({ label = 'Mật khẩu' }: { label?: string }) {
  return (
    <>
      <Form.Item label={label} name="password" rules={PASSWORD_RULES} hasFeedback>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="Nhập lại mật khẩu"
        name="confirm"
        dependencies={['password']}
        hasFeedback
        rules={[
          { required: true, message: 'Nhập lại mật khẩu.' },
          ({ getFieldValue }) => ({
            validator: (_rule, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error('Hai mật khẩu không khớp.'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
