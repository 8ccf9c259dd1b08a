import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, request, type Problem } from '../api/client';
import type { CaseView, PartyView } from './case-api';
import { loopFocus } from '../shared/focus-loop';

const MIN_REASON = 5;
const MAX_REASON = 500;

interface RevealProps {
  caseId: string;
  onRevealed(parties: PartyView[]): void;
}

/** "Xem danh tính": asks why, then reads the case with the confidential identities decrypted; the read is recorded. */
export function RevealIdentityButton({ caseId, onRevealed }: RevealProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function reveal({ reason }: { reason: string }) {
    setSending(true);
    setProblem(undefined);
    try {
      // A POST: the reason names people, and must not travel in a URL that proxies and access logs keep.
      const { data: view } = await request<CaseView>(`/api/cases/${caseId}/identity-reveal`, { method: 'POST', body: { reason: reason.trim() } });
      onRevealed(view.parties);
      setOpen(false);
      form.resetFields();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.problem : { title: 'Lỗi', status: 0, code: 'unknown', detail: String(error) });
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setOpen(true)}>
        Xem danh tính
      </Button>
      <Modal
        open={open}
        title="Xem danh tính bí mật"
        okText="Xác nhận xem"
        cancelText="Hủy"
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: sending }}
        destroyOnHidden
        width={{ xs: '100%', sm: 520 }}
        modalRender={loopFocus}
      >
        <Alert
          type="warning"
          showIcon
          className="identity-reveal__note"
          title="Danh tính người tố cáo được pháp luật bảo vệ (Luật Tố cáo 2018, Điều 47)."
          description="Mỗi lần xem được ghi vào nhật ký truy cập của hồ sơ cùng tên của bạn và lý do."
        />
        <Form form={form} layout="vertical" onFinish={reveal} name="reveal-identity">
          <Form.Item
            name="reason"
            label="Lý do xem danh tính"
            rules={[
              { required: true, whitespace: true, message: 'Vui lòng nhập lý do xem danh tính.' },
              { min: MIN_REASON, message: `Lý do cần ít nhất ${MIN_REASON} ký tự.` },
              { max: MAX_REASON, message: `Tối đa ${MAX_REASON} ký tự.` },
            ]}
          >
            <Input maxLength={MAX_REASON} placeholder="Ví dụ: xác minh thông tin người tố cáo để mời làm việc" />
          </Form.Item>
          {problem && <Alert type="error" showIcon title={problem.title} description={problem.detail} />}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      </Modal>
    </>
  );
}
