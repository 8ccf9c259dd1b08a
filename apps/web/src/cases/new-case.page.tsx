import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, Result, Row, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { todayInVietnam } from '../shared/format';
import { CHANNEL_LABELS, departmentLabel } from '../shared/labels';
import { PARTY_ROLES_BY_FAMILY, PartiesFields, type PartyValues } from './new-case-parties';
import { unplacedProblem, useFileCase, type NewCaseValues } from './new-case-submit';
import './new-case.css';

const DATE_FORMAT = 'DD/MM/YYYY';
const max = (n: number) => ({ max: n, message: `Tối đa ${n} ký tự.` });

/**
 * "Tiếp nhận đơn": the intake officer records a petition received by their department (kind, channel, date,
 * subject, content, the people concerned) and is taken to the new case.
 */
export function NewCasePage() {
  const { commands } = useSession();
  if (!commands.has('FileCase')) return <Result status="403" title="Không có quyền tiếp nhận đơn" subTitle="Vai trò của bạn không được tiếp nhận đơn mới." />;
  return <NewCaseForm />;
}

function NewCaseForm() {
  const { catalog, user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewCaseValues>();
  const fileCase = useFileCase(form, user.department);
  const today = todayInVietnam();
  const kinds = useMemo(() => {
    const mine = catalog.kinds.filter((k) => k.commands.some((c) => c.command === 'FileCase' && c.roles.includes(user.role)));
    return mine.length > 0 ? mine : catalog.kinds;
  }, [catalog, user.role]);
  const kind = Form.useWatch('kind', form);
  const channel = Form.useWatch('channel', form);
  const family = kinds.find((k) => k.kind === kind)?.family;

  const onKindChange = (next: string) => {
    const nextFamily = kinds.find((k) => k.kind === next)?.family;
    if (!nextFamily) return;
    const allowed = PARTY_ROLES_BY_FAMILY[nextFamily];
    const parties = (form.getFieldValue('parties') as PartyValues[] | undefined) ?? [];
    form.setFieldValue(
      'parties',
      parties.map((party, index) => {
        if (party.role && allowed.includes(party.role)) return party;
        const role = index === 0 || party.role === 'complainant' || party.role === 'denouncer' || party.role === 'petitioner' ? allowed[0] : undefined;
        return { ...party, role, confidential: role === 'denouncer' ? true : party.role === 'denouncer' ? false : party.confidential };
      }),
    );
  };

  const onFinish = (values: NewCaseValues) => {
    if (fileCase.isPending) return;
    fileCase.mutate(values, {
      onSuccess: ({ caseId, position }) => {
        void message.success('Đã tiếp nhận đơn và lập hồ sơ.');
        void navigate(`/cases/${caseId}`, { state: { after: position } });
      },
    });
  };

  const problem = fileCase.isError ? unplacedProblem(fileCase.error) : undefined;

  return (
    <Flex vertical gap={16} className="new-case">
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Tiếp nhận đơn
        </Typography.Title>
        <Typography.Text type="secondary">Cơ quan thụ lý: {departmentLabel(user.department)}</Typography.Text>
      </div>
      <Form<NewCaseValues>
        form={form}
        name="new-case"
        layout="vertical"
        onFinish={onFinish}
        scrollToFirstError={{ block: 'center', focus: true }}
        initialValues={{ channel: 'in-person', receivedOn: dayjs(today), remoteArea: false, parties: [{ confidential: false }] }}
        disabled={fileCase.isPending}
      >
        <Card title="Thông tin đơn" size="small">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label="Loại hồ sơ" rules={[{ required: true, message: 'Chọn loại hồ sơ.' }]}>
                <Select placeholder="Chọn loại hồ sơ" options={kinds.map((k) => ({ value: k.kind, label: k.name }))} onChange={onKindChange} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="channel" label="Hình thức tiếp nhận" rules={[{ required: true, message: 'Chọn hình thức tiếp nhận.' }]}>
                <Select options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="receivedOn"
                label="Ngày nhận đơn"
                rules={[
                  { required: true, message: 'Chọn ngày nhận đơn.' },
                  {
                    validator: async (_, value: dayjs.Dayjs | null) => {
                      if (value && value.format('YYYY-MM-DD') > today) throw new Error('Ngày nhận đơn không được sau ngày hôm nay.');
                    },
                  },
                ]}
              >
                <DatePicker format={DATE_FORMAT} placeholder="dd/mm/yyyy" allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="referenceNo" label="Số đơn (sổ tiếp nhận)" rules={[max(100)]}>
                <Input placeholder="Ví dụ: 45/ĐKN" autoComplete="off" />
              </Form.Item>
            </Col>
            {channel === 'referral' && (
              <Col xs={24}>
                <Form.Item name="referredBy" label="Cơ quan chuyển đến" rules={[{ required: true, whitespace: true, message: 'Nhập cơ quan đã chuyển đơn đến.' }, max(300)]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24}>
              <Form.Item name="subject" label="Trích yếu" rules={[{ required: true, whitespace: true, message: 'Nhập trích yếu nội dung đơn.' }, max(500)]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="content" label="Nội dung đơn" rules={[{ required: true, whitespace: true, message: 'Nhập nội dung đơn.' }, max(20000)]}>
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} count={{ show: true, max: 20000 }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="remoteArea" valuePropName="checked" extra="Đơn của công dân ở vùng sâu, vùng xa được tính thời hạn giải quyết dài hơn." style={{ marginBottom: 0 }}>
                <Checkbox>Vùng sâu, vùng xa</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title="Người gửi đơn và các bên liên quan" size="small" className="new-case__parties">
          <PartiesFields form={form} family={family} />
        </Card>
        {problem && (
          <Alert
            type="error"
            showIcon
            className="new-case__problem"
            title={problem.title}
            description={
              <>
                {problem.detail}
                {problem.rest.length > 0 && (
                  <ul>
                    {problem.rest.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </>
            }
            data-testid="new-case-error"
          />
        )}
        <Flex gap={8} wrap className="new-case__actions">
          <Button type="primary" htmlType="submit" loading={fileCase.isPending}>
            Tiếp nhận đơn
          </Button>
          <Button onClick={() => void navigate('/cases')} disabled={false}>
            Hủy
          </Button>
        </Flex>
      </Form>
    </Flex>
  );
}
