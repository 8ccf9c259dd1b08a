import { Card, Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import { DeadlineTag } from '../shared/deadline-tag';
import { formatDate, todayInVietnam } from '../shared/format';
import { CLOCK_STATUS_LABELS } from '../shared/labels';
import type { CaseSummaryAnswer, ClockView, DeadlineStatus } from './case-api';

const UNIT_LABELS: Record<string, string> = {
  'working-days': 'ngày làm việc',
  'calendar-days': 'ngày',
};

const DUE_SOON_WORKING_DAYS = 3;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Until the read model answers: overdue after the due date, due soon within 3 working days (weekends only, no holidays). */
function estimateStatus(dueDate: string, today: string): DeadlineStatus {
  if (dueDate < today) return 'overdue';
  let day = today;
  let working = 0;
  while (working <= DUE_SOON_WORKING_DAYS) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) working += 1;
  }
  return dueDate < day ? 'due-soon' : 'on-time';
}

/** The status of each running clock as the deadline board computes it (GET /api/cases/:id/summary), estimated while it lags. */
export function deadlineStatuses(clocks: ClockView[], summary: CaseSummaryAnswer['summary'] | undefined): Map<string, DeadlineStatus> {
  const known = new Map(summary?.clocks.flatMap((c) => (c.deadlineStatus ? [[c.clock, c.deadlineStatus] as const] : [])) ?? []);
  const today = todayInVietnam();
  return new Map(clocks.filter((c) => c.status === 'running').map((c) => [c.clock, known.get(c.clock) ?? estimateStatus(c.dueDate, today)]));
}

/** "10 ngày làm việc, gia hạn 1 lần, tạm tính". */
export function legalLength(clock: Pick<ClockView, 'length' | 'unit' | 'extensions' | 'provisional'>): string {
  const parts = [`${clock.length} ${UNIT_LABELS[clock.unit] ?? clock.unit}`];
  if (clock.extensions > 0) parts.push(`đã gia hạn ${clock.extensions} lần`);
  if (clock.provisional) parts.push('tạm tính');
  return parts.join(', ');
}

function ClockOutcome({ clock, status }: { clock: ClockView; status: DeadlineStatus | undefined }) {
  if (clock.status === 'running') return <DeadlineTag status={status ?? 'none'} dueDate={clock.dueDate} />;
  if (clock.status === 'paused') return <Tag color="default">Tạm dừng{clock.pausedOn ? ` từ ${formatDate(clock.pausedOn)}` : ''}</Tag>;
  return (
    <Tag color={clock.metDeadline ? 'green' : 'red'}>
      {clock.metDeadline ? 'Hoàn thành đúng hạn' : 'Hoàn thành trễ hạn'}
      {clock.stoppedOn ? ` ngày ${formatDate(clock.stoppedOn)}` : ''}
    </Tag>
  );
}

function ClockCard({ clock, status }: { clock: ClockView; status: DeadlineStatus | undefined }) {
  return (
    <Card size="small" className="case-clock" data-testid="case-clock" data-clock={clock.clock} data-status={clock.status === 'running' ? (status ?? 'none') : clock.status}>
      <Flex justify="space-between" align="flex-start" wrap gap={8}>
        <Typography.Text strong>{clock.label}</Typography.Text>
        <ClockOutcome clock={clock} status={status} />
      </Flex>
      <Descriptions
        size="small"
        column={1}
        className="case-clock__details"
        items={[
          { key: 'state', label: 'Trạng thái', children: CLOCK_STATUS_LABELS[clock.status] ?? clock.status },
          { key: 'start', label: 'Bắt đầu tính', children: formatDate(clock.startedOn) },
          { key: 'due', label: 'Hạn', children: <Typography.Text strong>{formatDate(clock.dueDate)}</Typography.Text> },
          { key: 'length', label: 'Thời gian', children: legalLength(clock) },
          { key: 'basis', label: 'Căn cứ', children: clock.citation },
        ]}
      />
    </Card>
  );
}

/** Each legal clock of the case: its status, start and due dates, and the rule the due date was computed by. */
export function CaseClocks({ clocks, statuses }: { clocks: ClockView[]; statuses: Map<string, DeadlineStatus> }) {
  if (clocks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Hồ sơ chưa có thời hạn nào." />;
  return (
    <div className="case-clocks">
      {clocks.map((clock) => (
        <ClockCard key={clock.clock} clock={clock} status={statuses.get(clock.clock)} />
      ))}
    </div>
  );
}
