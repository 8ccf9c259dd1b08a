import { Alert, Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import type { Problem } from '../api/client';
import { useActionKey } from '../shared/action-key';
import { CONTENT_LABELS, sendDonCommand, type DonCommandAnswer, type DonContent, type DonView } from './don-api';

interface Values {
  content: DonContent;
  qualifying: boolean;
  notQualifyingReason?: string;
  competence: 'within' | 'outside';
  competentBody?: string;
}

const QUALIFYING = [
  { value: true, label: 'Đủ điều kiện xử lý' },
  { value: false, label: 'Không đủ điều kiện' },
];
const COMPETENCE = [
  { value: 'within', label: 'Thuộc thẩm quyền' },
  { value: 'outside', label: 'Không thuộc thẩm quyền' },
];

/**
 * Phân loại đơn (TT 05/2021, art. 6): by content, by condition (with the reason when not qualifying) and by
 * competence (naming the competent body when outside). A đơn may be classified again while it is open.
 */
export function DonClassificationForm({ don, onDone, onConflict }: { don: DonView; onDone(answer: DonCommandAnswer): void; onConflict(problem: Problem): void }) {
  const [form] = Form.useForm<Values>();
  const key = useActionKey();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Problem>();
  const qualifying = Form.useWatch('qualifying', form);
  const competence = Form.useWatch('competence', form);
  const initial: Partial<Values> = don.classification ?? { qualifying: true, competence: 'within' };

  async function submit(values: Values) {
    setSending(true);
    setRefusal(undefined);
    try {
      const body = {
        content: values.content,
        qualifying: values.qualifying,
        competence: values.competence,
        ...(!values.qualifying && values.notQualifyingReason?.trim() ? { notQualifyingReason: values.notQualifyingReason.trim() } : {}),
        ...(values.competence === 'outside' && values.competentBody?.trim() ? { competentBody: values.competentBody.trim() } : {}),
      };
      const answer = await sendDonCommand({ donId: don.donId, segment: 'classify', revision: don.revision }, body, key.value);
      key.renew();
      onDone(answer);
    } catch (error) {
      const problem = key.failed(error);
      if (problem.status === 409 && problem.code === 'revision-conflict') onConflict(problem);
      else setRefusal(problem);
    } finally {
      setSending(false);
    }
  }

  return (
    <Form<Values> form={form} name="classify" layout="vertical" initialValues={initial} onFinish={(values) => void submit(values)} disabled={sending} data-testid="classify-form">
      <Form.Item name="content" label="Phân loại theo nội dung" rules={[{ required: true, message: 'Chọn nội dung đơn.' }]}>
        <Radio.Group optionType="button" options={Object.entries(CONTENT_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="qualifying" label="Điều kiện xử lý" rules={[{ required: true, message: 'Chọn điều kiện xử lý.' }]}>
        <Radio.Group optionType="button" options={QUALIFYING} />
      </Form.Item>
      {qualifying === false && (
        <Form.Item name="notQualifyingReason" label="Lý do không đủ điều kiện" rules={[{ required: true, whitespace: true, message: 'Nhập lý do.' }, { max: 2000, message: 'Tối đa 2000 ký tự.' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      )}
      <Form.Item name="competence" label="Thẩm quyền" rules={[{ required: true, message: 'Chọn thẩm quyền.' }]}>
        <Radio.Group optionType="button" options={COMPETENCE} />
      </Form.Item>
      {competence === 'outside' && (
        <Form.Item name="competentBody" label="Cơ quan có thẩm quyền" rules={[{ required: true, whitespace: true, message: 'Nhập cơ quan có thẩm quyền.' }, { max: 300, message: 'Tối đa 300 ký tự.' }]}>
          <Input autoComplete="off" />
        </Form.Item>
      )}
      {refusal && <Alert type="error" showIcon title={refusal.title} description={refusal.detail} style={{ marginBottom: 12 }} data-testid="classify-refusal" />}
      <Button type="primary" htmlType="submit" loading={sending}>
        {don.classification ? 'Phân loại lại' : 'Phân loại'}
      </Button>
    </Form>
  );
}
