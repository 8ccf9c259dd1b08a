import { Alert, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Problem } from '../api/client';
import { useActionKey } from '../shared/action-key';
import { loopFocus } from '../shared/focus-loop';
import { sendDonCommand, type DonCommandAnswer, type DonView } from './don-api';
import type { DonAction } from './don-actions';

/** Form values → request body: dates as YYYY-MM-DD, text trimmed, empty fields left out. */
function bodyOf(action: DonAction, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of action.fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (field.kind === 'date') body[field.name] = (value as Dayjs).format('YYYY-MM-DD');
    else if (typeof value === 'string') {
      if (value.trim() !== '') body[field.name] = value.trim();
    } else body[field.name] = value;
  }
  return body;
}

interface Props {
  /** The đơn as the user saw it when the dialog opened: its revision is sent as If-Match. */
  don: DonView;
  action: DonAction;
  onDone(answer: DonCommandAnswer, label: string): void;
  onConflict(problem: Problem): void;
  onClose(): void;
}

/** A processing outcome as a short form in a dialog, sent with its own idempotency key and the đơn's revision. */
export function DonActionDialog({ don, action, onDone, onConflict, onClose }: Props) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const key = useActionKey();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Problem>();

  async function submit(values: Record<string, unknown>) {
    setSending(true);
    setRefusal(undefined);
    try {
      onDone(await sendDonCommand({ donId: don.donId, segment: action.segment, revision: don.revision }, bodyOf(action, values), key.value), action.label);
    } catch (error) {
      const problem = key.failed(error);
      if (problem.status === 409 && problem.code === 'revision-conflict') {
        onConflict(problem);
        return;
      }
      const known = new Set(action.fields.map((f) => f.name));
      const field = problem.details?.['field'];
      const placed = [...(problem.errors ?? []), ...(typeof field === 'string' ? [{ field, message: problem.detail }] : [])].filter((e) => known.has(e.field));
      if (placed.length > 0) form.setFields(placed.map((e) => ({ name: e.field, errors: [e.message] })));
      else setRefusal(problem);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open
      title={action.label}
      okText="Thực hiện"
      cancelText="Hủy"
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: sending }}
      destroyOnHidden
      mask={{ closable: false }}
      width={{ xs: '100%', sm: 560 }}
      modalRender={loopFocus}
    >
      <Form form={form} layout="vertical" onFinish={submit} name={`don-${action.segment}`} data-testid="don-action-form">
        {action.fields.map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={field.kind === 'check' ? undefined : field.label}
            extra={field.help}
            {...(field.kind === 'check' ? { valuePropName: 'checked' } : {})}
            rules={[
              ...(field.required ? [{ required: true, ...(field.kind === 'text' ? { whitespace: true } : {}), message: `Vui lòng ${field.kind === 'select' ? 'chọn' : 'nhập'} ${field.label.toLowerCase()}.` }] : []),
              ...(field.max ? [{ max: field.max, message: `Tối đa ${field.max} ký tự.` }] : []),
            ]}
          >
            {field.kind === 'date' ? (
              <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
            ) : field.kind === 'select' ? (
              <Select options={field.options} placeholder="Chọn" />
            ) : field.kind === 'check' ? (
              <Checkbox>{field.label}</Checkbox>
            ) : (
              <Input autoComplete="off" maxLength={field.max} />
            )}
          </Form.Item>
        ))}
        {refusal && (
          <div data-testid="don-action-refusal">
            <Alert type="error" showIcon title={refusal.title} description={refusal.detail} />
          </div>
        )}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
