import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, getJson } from '../api/client';
import type { Schemas } from '../shared/api-types';
import { useSessionContext } from './session';

interface SignInForm {
  userId: string;
  password: string;
}

export function SignInPage() {
  const { session, signIn, signedOutReason } = useSessionContext();
  const location = useLocation();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  // With no account yet (first run), nobody can sign in: point to the set-up link printed at start-up.
  const setup = useQuery({ queryKey: ['setup'], queryFn: ({ signal }) => getJson<Schemas['SetupStatusAnswer']>('/api/setup', undefined, signal), retry: false, staleTime: 60_000 });
  if (session) return <Navigate to={from} replace />;

  const submit = async (values: SignInForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(values.userId.trim(), values.password);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid-credentials') setError('Sai mã người dùng hoặc mật khẩu.');
      else if (e instanceof ApiError && e.status === 429) setError('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.');
      else setError(e instanceof Error ? e.message : 'Không đăng nhập được.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <Card className="sign-in__card">
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          KNTC
        </Typography.Title>
        <Typography.Paragraph type="secondary">Tiếp nhận và giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh</Typography.Paragraph>
        {setup.data?.setUpNeeded && (
          <Alert type="warning" showIcon title="KNTC chưa có người dùng" description="Mở đường dẫn cài đặt KNTC đã in ra trong cửa sổ dòng lệnh khi khởi động để tạo quản trị viên." style={{ marginBottom: 16 }} />
        )}
        {signedOutReason && !error && <Alert type="info" showIcon title={signedOutReason} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form<SignInForm> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item label="Mã người dùng" name="userId" rules={[{ required: true, whitespace: true, message: 'Nhập mã người dùng.' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu.' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            Đăng nhập
          </Button>
        </Form>
      </Card>
    </main>
  );
}
