import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Empty, Flex, Pagination, Segmented, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { newIdempotencyKey, request } from '../api/client';
import { useSession } from '../auth/session';
import { INBOX_KEY, inboxKey, useInbox, useInboxCases, type InboxAnswer, type InboxItem } from './inbox-api';
import { InboxItemCard } from './inbox-item-card';
import './inbox.css';

const PAGE_SIZE = 20;

type Show = 'all' | 'unread';

/** The user's notices (deadline reminders, escalations), newest first: unread ones stand out and can be marked read. */
export function InboxPage() {
  const session = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [show, setShow] = useState<Show>('all');
  const [page, setPage] = useState(1);
  const inbox = useInbox(show === 'unread', page, PAGE_SIZE);
  const items = inbox.data?.items ?? [];
  const cases = useInboxCases(
    items.map((i) => i.caseId),
    session.can('case.read'),
  );

  const markRead = useMutation({
    mutationFn: (item: InboxItem) =>
      request<void>(`/api/me/inbox/${encodeURIComponent(item.itemId)}/read`, { method: 'POST', headers: { 'Idempotency-Key': newIdempotencyKey() } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: INBOX_KEY });
      // Under "unread" the last item of the last page may be gone: step back to the last page that still has items.
      const total = queryClient.getQueryData<InboxAnswer>(inboxKey(show === 'unread', page, PAGE_SIZE))?.total;
      if (total !== undefined) setPage((current) => Math.min(current, Math.max(1, Math.ceil(total / PAGE_SIZE))));
    },
    onError: (error) => message.error(error.message),
  });

  const changeShow = (value: Show) => {
    setShow(value);
    setPage(1);
  };

  return (
    <Space orientation="vertical" size="middle" className="page" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Thông báo
        </Typography.Title>
        <Space size={6} data-testid="inbox-unread" aria-label={`${inbox.data?.unread ?? 0} thông báo chưa đọc`}>
          <Typography.Text>Chưa đọc</Typography.Text>
          <Badge count={inbox.data?.unread ?? 0} showZero overflowCount={999} color="#1f5fa8" />
        </Space>
      </Flex>
      <Segmented<Show>
        aria-label="Hiển thị"
        value={show}
        onChange={changeShow}
        options={[
          { label: 'Tất cả', value: 'all' },
          { label: `Chưa đọc (${inbox.data?.unread ?? 0})`, value: 'unread' },
        ]}
      />
      {inbox.isError && <Alert type="error" showIcon title="Không tải được thông báo" description={inbox.error.message} />}
      {inbox.isPending ? (
        <Spin description="Đang tải…">
          <div style={{ minHeight: 120 }} />
        </Spin>
      ) : items.length === 0 ? (
        <Empty description="Không có thông báo" />
      ) : (
        <Flex vertical gap={8} data-testid="inbox-list">
          {items.map((item) => (
            <InboxItemCard
              key={item.itemId}
              item={item}
              known={cases.get(item.caseId)}
              marking={markRead.isPending && markRead.variables?.itemId === item.itemId}
              onMarkRead={(i) => markRead.mutate(i)}
            />
          ))}
        </Flex>
      )}
      {(inbox.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          current={page}
          pageSize={PAGE_SIZE}
          total={inbox.data?.total ?? 0}
          onChange={setPage}
          showSizeChanger={false}
          showTotal={(total) => `${total} thông báo`}
          align="center"
        />
      )}
    </Space>
  );
}
