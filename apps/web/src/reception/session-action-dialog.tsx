import { DatePicker, Form, Input, Modal, Select, Alert } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Problem } from '../api/client';
import { useActionKey } from '../shared/action-key';
import { loopFocus } from '../shared/focus-loop';
import { todayInVietnam } from '../shared/format';
import { RECEPTION_KIND_LABELS, sendReceptionCommand, type ReceptionCommandAnswer } from './reception-api';

/** A schedule action: plan a leader's session, publish, postpone or cancel a planned one; a held one's conclusion notice. */
export type SessionAction = { kind: 'plan'; department: string } | { kind: 'publish' | 'postpone' | 'cancel' | 'issue-conclusion'; sessionId: string; title: string };

const TITLES = {
  plan: 'Lên lịch buổi tiếp của lãnh đạo',
  publish: 'Niêm yết lịch tiếp',
  postpone: 'Hoãn buổi tiếp',
  cancel: 'Hủy buổi tiếp',
  'issue-conclusion': 'Thông báo kết luận tiếp công dân',
} as const;

interface Values {
  kind?: string;
  date?: Dayjs;
  place?: string;
  leader?: string;
  publishedOn?: Dayjs;
  newDate?: Dayjs;
  reason?: string;
  documentNo?: string;
  documentDate?: Dayjs;
  summary?: string;
}

const iso = (value: Dayjs | undefined) => value?.format('YYYY-MM-DD');

function bodyOf(action: SessionAction, values: Values): Record<string, unknown> {
  switch (action.kind) {
    case 'plan':
      return { action: 'plan', department: action.department, kind: values.kind, date: iso(values.date), place: values.place?.trim(), leader: values.leader?.trim() || undefined };
    case 'publish':
      return { publishedOn: iso(values.publishedOn) };
    case 'postpone':
      return { newDate: iso(values.newDate), reason: values.reason?.trim() };
    case 'cancel':
      return { reason: values.reason?.trim() };
    case 'issue-conclusion':
      return { documentNo: values.documentNo?.trim(), documentDate: iso(values.documentDate), summary: values.summary?.trim() };
  }
}

const DATE = { format: 'DD/MM/YYYY', placeholder: 'dd/mm/yyyy', style: { width: '100%' } } as const;
const required = (message: string) => [{ required: true, message }];

/** The dialog of one schedule action, sent with its own idempotency key (kept for a retry, renewed after a refusal). */
export function SessionActionDialog({ action, onDone, onClose }: { action: SessionAction; onDone(answer: ReceptionCommandAnswer): void; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const key = useActionKey();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const today = todayInVietnam();
  const title = action.kind === 'plan' ? TITLES.plan : `${TITLES[action.kind]}: ${action.title}`;

  async function submit(values: Values) {
    setSending(true);
    setProblem(undefined);
    try {
      const target = action.kind === 'plan' ? ({ create: true } as const) : { sessionId: action.sessionId, segment: action.kind };
      onDone(await sendReceptionCommand(target, bodyOf(action, values), key.value));
    } catch (error) {
      setProblem(key.failed(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open
      title={title}
      okText="Thực hiện"
      cancelText="Hủy bỏ"
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: sending }}
      destroyOnHidden
      mask={{ closable: false }}
      width={{ xs: '100%', sm: 520 }}
      modalRender={loopFocus}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name={`session-${action.kind}`}
        onFinish={submit}
        initialValues={{ kind: 'leader-periodic', publishedOn: dayjs(today), documentDate: dayjs(today), place: 'Trụ sở tiếp công dân' }}
        data-testid="session-action-form"
      >
        {action.kind === 'plan' && (
          <>
            <Form.Item name="kind" label="Hình thức" rules={required('Chọn hình thức.')}>
              <Select options={(['leader-periodic', 'leader-adhoc'] as const).map((value) => ({ value, label: RECEPTION_KIND_LABELS[value] }))} />
            </Form.Item>
            <Form.Item name="date" label="Ngày tiếp" rules={required('Chọn ngày tiếp.')}>
              <DatePicker {...DATE} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
            </Form.Item>
            <Form.Item name="leader" label="Lãnh đạo tiếp" rules={[...required('Nhập lãnh đạo tiếp.'), { max: 200, message: 'Tối đa 200 ký tự.' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="place" label="Nơi tiếp" rules={[...required('Nhập nơi tiếp.'), { max: 300, message: 'Tối đa 300 ký tự.' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </>
        )}
        {action.kind === 'publish' && (
          <Form.Item name="publishedOn" label="Ngày niêm yết" extra="Niêm yết trước ít nhất 5 ngày làm việc (Luật TCD, Điều 24 khoản 4); muộn hơn thì bị đánh dấu." rules={required('Chọn ngày niêm yết.')}>
            <DatePicker {...DATE} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        )}
        {action.kind === 'postpone' && (
          <Form.Item name="newDate" label="Ngày tiếp mới" rules={required('Chọn ngày tiếp mới.')}>
            <DatePicker {...DATE} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
          </Form.Item>
        )}
        {(action.kind === 'postpone' || action.kind === 'cancel') && (
          <Form.Item name="reason" label="Lý do" rules={[{ required: true, whitespace: true, message: 'Nhập lý do.' }, { max: 2000, message: 'Tối đa 2000 ký tự.' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        )}
        {action.kind === 'issue-conclusion' && (
          <>
            <Form.Item name="documentNo" label="Số thông báo" rules={[{ required: true, whitespace: true, message: 'Nhập số thông báo.' }, { max: 100, message: 'Tối đa 100 ký tự.' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="documentDate" label="Ngày thông báo" rules={required('Chọn ngày thông báo.')}>
              <DatePicker {...DATE} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
            </Form.Item>
            <Form.Item name="summary" label="Nội dung kết luận, chỉ đạo" rules={[{ required: true, whitespace: true, message: 'Nhập nội dung kết luận.' }, { max: 10_000, message: 'Tối đa 10.000 ký tự.' }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
            </Form.Item>
          </>
        )}
        {problem && <Alert type="error" showIcon title={problem.title} description={problem.detail} data-testid="session-action-refusal" />}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
