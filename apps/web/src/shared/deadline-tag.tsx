import { Flex, Tag, Typography } from 'antd';
import { formatDate } from './format';
import { DEADLINE_STATUS } from './labels';

export type DeadlineTagStatus = 'on-time' | 'due-soon' | 'overdue' | 'none';

export interface DeadlineTagProps {
  status: DeadlineTagStatus;
  /** `YYYY-MM-DD`. */
  dueDate?: string;
  /** The clock's name, e.g. "Thời hạn thụ lý"; shown before the tag. */
  label?: string;
}

/** A deadline as a coloured tag: due date (dd/mm/yyyy) and status in words, green on time, orange due soon, red overdue. */
export function DeadlineTag({ status, dueDate, label }: DeadlineTagProps) {
  const look = DEADLINE_STATUS[status] ?? DEADLINE_STATUS['none']!;
  const text = dueDate ? `${formatDate(dueDate)} · ${look.label}` : look.label;
  return (
    <Flex vertical align="flex-start" gap={2}>
      {label && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>
      )}
      <Tag color={look.color} data-testid="deadline-tag" data-status={status} style={{ marginInlineEnd: 0 }}>
        {text}
      </Tag>
    </Flex>
  );
}
