import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, request } from '../api/client';
import { NewPasswordFields } from '../users/user-form';

interface SetupForm {
  userId: string;
  name: string;
  password: string;
}

/** The token of the set-up link (`/setup#token=…`): in the fragment, so it never reaches a server log or a Referer. */
function tokenFromLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/**
 * First run: the link KNTC printed at its first start opens this page, where whoever started it chooses the
 * administrator's id, name and password. The link works once; then the administrator signs in and adds the others.
 */
export function SetupPage() {
  const [token] = useState(tokenFromLink);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | undefined>();

  const submit = async (values: SetupForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await request('/api/setup', { method: 'POST', body: { token, userId: values.userId.trim(), name: values.name.trim(), password: values.password } });
      // The token is used up: drop it from the address bar and the history entry.
      window.history.replaceState(null, '', '/setup');
      setCreated(values.userId.trim().toLowerCase());
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) setError(e.problem.errors.map((f) => f.message).join(' '));
      else setError(e instanceof Error ? e.message : 'Không cài đặt được.');
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <main className="sign-in">
        <Card className="sign-in__card">
          <Result
            status="success"
            title="Đã tạo quản trị viên"
            subTitle={`Đăng nhập bằng mã ${created} và mật khẩu vừa chọn, rồi thêm người dùng ở mục "Người dùng".`}
            extra={
              <Link to="/login">
                <Button type="primary">Đăng nhập</Button>
              </Link>
            }
          />
        </Card>
      </main>
    );
  }

  return (
    <main className="sign-in">
      <Card className="sign-in__card">
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          Cài đặt KNTC
        </Typography.Title>
        <Typography.Paragraph type="secondary">Tạo tài khoản quản trị hệ thống đầu tiên. Quản trị viên sẽ thêm các cán bộ và đặt mật khẩu cho họ.</Typography.Paragraph>
        {!token && <Alert type="warning" showIcon title="Thiếu mã cài đặt: mở đúng đường dẫn KNTC đã in ra khi khởi động lần đầu." style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form<SetupForm> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy || !token} initialValues={{ userId: 'quan-tri' }}>
          <Form.Item label="Mã quản trị viên" name="userId" rules={[{ required: true, whitespace: true, message: 'Nhập mã người dùng.' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item label="Họ tên" name="name" rules={[{ required: true, whitespace: true, message: 'Nhập họ tên.' }]}>
            <Input autoComplete="name" autoFocus />
          </Form.Item>
          <NewPasswordFields />
          <Button type="primary" htmlType="submit" block loading={busy}>
            Tạo quản trị viên
          </Button>
        </Form>
      </Card>
    </main>
  );
}
