import { Badge, Button, Card, Flex, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../shared/format';
import type { InboxCase, InboxItem } from './inbox-api';

interface KindTag {
  label: string;
  color: string;
}

/** The type of a notice in words: a reminder, or an escalation for an overdue clock or a stalled case. */
export function inboxTags(item: InboxItem): KindTag[] {
  if (item.kind === 'deadline-reminder') return [{ label: 'Nhắc hạn', color: 'orange' }];
  const reason = item.clock !== undefined ? { label: 'Quá hạn', color: 'red' } : { label: 'Chậm tiến độ', color: 'volcano' };
  return [reason, { label: 'Chuyển cấp trên', color: 'purple' }];
}

interface InboxItemCardProps {
  item: InboxItem;
  known: InboxCase | undefined;
  marking: boolean;
  onMarkRead(item: InboxItem): void;
}

/** One notice: its type, text, the case it concerns, due date, when it arrived, a link to the case and, while unread, "Đánh dấu đã đọc". */
export function InboxItemCard({ item, known, marking, onMarkRead }: InboxItemCardProps) {
  return (
    <Card size="small" className={item.read ? 'inbox-item' : 'inbox-item inbox-item--unread'} data-testid="inbox-item" data-read={item.read ? 'true' : 'false'}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <Space orientation="vertical" size={4} className="inbox-item__body">
          <Space size={4} wrap>
            {!item.read && <Badge status="processing" text="Chưa đọc" />}
            {inboxTags(item).map((tag) => (
              <Tag key={tag.label} color={tag.color}>
                {tag.label}
              </Tag>
            ))}
          </Space>
          <Typography.Text strong={!item.read}>{item.title}</Typography.Text>
          {known && (
            <Typography.Text>
              Hồ sơ: {known.subject} <Typography.Text type="secondary">({known.kindLabel})</Typography.Text>
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            {item.dueDate && <>Hạn: {formatDate(item.dueDate)} · </>}Nhận lúc: {formatDateTime(item.createdAt)}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>Xem hồ sơ</Link>
          {!item.read && (
            <Button size="small" loading={marking} onClick={() => onMarkRead(item)}>
              Đánh dấu đã đọc
            </Button>
          )}
        </Space>
      </Flex>
    </Card>
  );
}
