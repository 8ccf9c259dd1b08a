import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Result, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../api/client';
import { useSession } from '../auth/session';
import { formatDateTime } from '../shared/format';
import { departmentLabel, roleLabel } from '../shared/labels';
import { NewPasswordFields, RoleDepartmentFields } from './user-form';
import { changeUser, USERS_QUERY_KEY, useUsers, type UserAccountView } from './users-api';

type Dialog = { kind: 'create' } | { kind: 'role'; user: UserAccountView } | { kind: 'password'; user: UserAccountView };

interface DialogValues {
  userId?: string;
  name?: string;
  role?: string;
  department?: string;
  password?: string;
}

function describe(error: unknown): string {
  if (error instanceof ApiError && error.problem.errors?.length) return error.problem.errors.map((f) => f.message).join(' ');
  if (error instanceof ApiError && error.code === 'revision-conflict') return 'Tài khoản vừa được người khác thay đổi; đóng hộp thoại, xem lại rồi thử lại.';
  return error instanceof Error ? error.message : 'Không thực hiện được.';
}

const TITLES: Record<Dialog['kind'], string> = { create: 'Thêm người dùng', role: 'Đổi vai trò, đơn vị', password: 'Đặt lại mật khẩu' };

/**
 * "Người dùng": the system administrator creates accounts, changes a person's role or department, resets a
 * password and disables an account. Every change applies at once (no restart) and is recorded with who made it.
 */
export function UsersPage() {
  const { can } = useSession();
  if (!can('users.manage')) return <Result status="403" title="Không có quyền quản lý người dùng" subTitle="Chỉ quản trị hệ thống được quản lý tài khoản." />;
  return <UsersManagement />;
}

function UsersManagement() {
  const { user: me } = useSession();
  const users = useUsers();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DialogValues>();
  // One key per dialog opened: resending after a lost answer replays the change instead of making it twice.
  const key = useRef(newIdempotencyKey());

  const open = (next: Dialog) => {
    key.current = newIdempotencyKey();
    setError(undefined);
    form.resetFields();
    if (next.kind === 'role') form.setFieldsValue({ role: next.user.role, department: next.user.department });
    setDialog(next);
  };

  /** Runs a change; says what went wrong, in Vietnamese, or undefined when it was made. */
  const run = async (work: () => Promise<UserAccountView>, done: string): Promise<string | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: USERS_QUERY_KEY });
      setDialog(undefined);
      message.success(done);
      return undefined;
    } catch (e) {
      const problem = describe(e);
      setError(problem);
      return problem;
    } finally {
      setBusy(false);
    }
  };

  const submit = (values: DialogValues) => {
    if (!dialog) return;
    const options = { idempotencyKey: key.current };
    if (dialog.kind === 'create') {
      const body = { userId: values.userId?.trim(), name: values.name?.trim(), role: values.role, department: values.department, password: values.password };
      void run(() => changeUser('/api/users', body, options), `Đã thêm người dùng ${body.userId}.`);
    } else if (dialog.kind === 'role') {
      const { user } = dialog;
      void run(() => changeUser(`/api/users/${user.id}/role`, { role: values.role, department: values.department }, { ...options, revision: user.revision }), `Đã đổi vai trò của ${user.id}.`);
    } else {
      const { user } = dialog;
      void run(() => changeUser(`/api/users/${user.id}/password`, { password: values.password }, { ...options, revision: user.revision }), `Đã đặt lại mật khẩu của ${user.id}.`);
    }
  };

  const toggle = async (user: UserAccountView) => {
    const problem = await run(
      () => changeUser(`/api/users/${user.id}/${user.disabled ? 'enable' : 'disable'}`, undefined, { revision: user.revision }),
      user.disabled ? `Đã mở khóa ${user.id}.` : `Đã khóa ${user.id}.`,
    );
    if (problem) message.error(problem);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Người dùng
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'create' })}>
          Thêm người dùng
        </Button>
      </Flex>
      {users.error && <Alert type="error" showIcon title="Không tải được danh sách người dùng" description={users.error.message} />}
      <Table<UserAccountView>
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data?.users ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: 'Mã người dùng', dataIndex: 'id' },
          { title: 'Họ tên', dataIndex: 'name' },
          { title: 'Vai trò', dataIndex: 'role', render: (role: string) => roleLabel(role) },
          { title: 'Đơn vị', dataIndex: 'department', render: (code: string) => departmentLabel(code) },
          {
            title: 'Trạng thái',
            key: 'state',
            render: (_value, user) => (
              <Space size={4} wrap>
                {user.disabled ? <Tag color="red">Đã khóa</Tag> : <Tag color="green">Đang dùng</Tag>}
                {!user.hasPassword && <Tag>Chưa có mật khẩu</Tag>}
              </Space>
            ),
          },
          { title: 'Cập nhật', dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at) },
          {
            title: 'Thao tác',
            key: 'actions',
            render: (_value, user) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => open({ kind: 'role', user })} disabled={user.id === me.id}>
                  Đổi vai trò
                </Button>
                <Button size="small" onClick={() => open({ kind: 'password', user })}>
                  Đặt lại mật khẩu
                </Button>
                <Popconfirm
                  title={user.disabled ? `Mở khóa ${user.id}?` : `Khóa ${user.id}? Người này không đăng nhập được nữa.`}
                  okText={user.disabled ? 'Mở khóa' : 'Khóa'}
                  cancelText="Thôi"
                  onConfirm={() => toggle(user)}
                  disabled={user.id === me.id}
                >
                  <Button size="small" danger={!user.disabled} disabled={user.id === me.id}>
                    {user.disabled ? 'Mở khóa' : 'Khóa'}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={dialog !== undefined}
        title={dialog ? `${TITLES[dialog.kind]}${dialog.kind !== 'create' ? `: ${dialog.user.id}` : ''}` : ''}
        okText="Lưu"
        cancelText="Thôi"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setDialog(undefined)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form<DialogValues> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          {dialog?.kind === 'create' && (
            <>
              <Form.Item label="Mã người dùng" name="userId" extra="Chữ thường không dấu, số, dấu chấm hoặc gạch ngang, ví dụ tnmt-tiepdan-an." rules={[{ required: true, whitespace: true, message: 'Nhập mã người dùng.' }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item label="Họ tên" name="name" rules={[{ required: true, whitespace: true, message: 'Nhập họ tên.' }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </>
          )}
          {dialog?.kind !== 'password' && <RoleDepartmentFields />}
          {dialog?.kind !== 'role' && <NewPasswordFields label={dialog?.kind === 'create' ? 'Mật khẩu ban đầu' : 'Mật khẩu mới'} />}
        </Form>
      </Modal>
    </Space>
  );
}
