import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Form, Input, Row, Select, type FormInstance } from 'antd';
import { useEffect } from 'react';
import type { CatalogKind } from '../api/types';
import { PARTY_ROLE_LABELS } from '../shared/labels';

export type KindFamily = CatalogKind['family'];

/** The roles a party may have in a case of each family; the first one is the filer's. */
export const PARTY_ROLES_BY_FAMILY: Record<KindFamily, string[]> = {
  complaint: ['complainant', 'representative', 'respondent', 'related'],
  denunciation: ['denouncer', 'accused', 'related'],
  petition: ['petitioner', 'representative', 'related'],
};

export interface PartyValues {
  role?: string;
  name?: string;
  address?: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  confidential: boolean;
}

const max = (n: number) => ({ max: n, message: `Tối đa ${n} ký tự.` });

interface PartiesProps {
  form: FormInstance;
  family: KindFamily | undefined;
}

/** The people of the petition: who filed it, whom it is about, who else is concerned; at least the filer. */
export function PartiesFields({ form, family }: PartiesProps) {
  const roles = family ? PARTY_ROLES_BY_FAMILY[family] : Object.keys(PARTY_ROLE_LABELS);
  const filer = family ? PARTY_ROLES_BY_FAMILY[family][0] : undefined;
  return (
    <Form.List
      name="parties"
      rules={[
        {
          validator: async (_, parties: PartyValues[] | undefined) => {
            if (!parties || parties.length === 0) throw new Error('Cần ít nhất một người gửi đơn.');
            if (filer && !parties.some((p) => p?.role === filer)) throw new Error(`Cần ít nhất một "${PARTY_ROLE_LABELS[filer]}".`);
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, index) => (
            <PartyCard
              key={field.key}
              form={form}
              name={field.name}
              index={index}
              roles={roles}
              onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
            />
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              add({ role: filer && fields.length === 0 ? filer : undefined, confidential: false });
              // The keyboard goes on with the new person's first field, not after the form's last card.
              setTimeout(() => form.focusField(['parties', fields.length, 'role']));
            }}
            disabled={fields.length >= 50}
          >
            Thêm người
          </Button>
        </>
      )}
    </Form.List>
  );
}

interface PartyCardProps {
  form: FormInstance;
  name: number;
  index: number;
  roles: string[];
  onRemove: (() => void) | undefined;
}

function PartyCard({ form, name, index, roles, onRemove }: PartyCardProps) {
  const role = Form.useWatch(['parties', name, 'role'], form) as string | undefined;
  const denouncer = role === 'denouncer';
  useEffect(() => {
    if (denouncer) form.setFieldValue(['parties', name, 'confidential'], true);
  }, [denouncer, form, name]);

  return (
    <Card
      size="small"
      title={`Người thứ ${index + 1}`}
      className="new-case__party"
      data-testid="party"
      extra={
        onRemove && (
          <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={`Xóa người thứ ${index + 1}`}>
            Xóa
          </Button>
        )
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'role']} label="Tư cách" rules={[{ required: true, message: 'Chọn tư cách của người này.' }]}>
            <Select placeholder="Chọn tư cách" options={roles.map((r) => ({ value: r, label: PARTY_ROLE_LABELS[r] ?? r }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name={[name, 'name']} label="Họ và tên" rules={[{ required: true, whitespace: true, message: 'Nhập họ và tên (hoặc tên cơ quan, tổ chức).' }, max(200)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name={[name, 'address']} label="Địa chỉ" rules={[max(500)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'phone']} label="Số điện thoại" rules={[max(30)]}>
            <Input type="tel" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'email']} label="Thư điện tử" rules={[max(200), { type: 'email', message: 'Địa chỉ thư điện tử không hợp lệ.' }]}>
            <Input type="email" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'idNumber']} label="Số CCCD/CMND" rules={[max(30)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name={[name, 'confidential']}
            valuePropName="checked"
            style={{ marginBottom: 0 }}
            extra={denouncer ? 'Danh tính người tố cáo luôn được giữ bí mật (Luật Tố cáo 2018, Điều 47).' : undefined}
          >
            <Checkbox disabled={denouncer}>Giữ bí mật danh tính</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
