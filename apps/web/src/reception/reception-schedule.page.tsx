import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, List, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { download } from '../api/client';
import { useSession } from '../auth/session';
import { formatDate, todayInVietnam } from '../shared/format';
import { departmentLabel } from '../shared/labels';
import { ScrollRegion } from '../shared/scroll-region';
import { SESSION_STATUS, useReceptionSchedule, type ReceptionCommandAnswer, type ScheduledSession } from './reception-api';
import { SessionActionDialog, type SessionAction } from './session-action-dialog';
import './reception.css';

const MONTH = /^\d{4}-\d{2}$/;

/**
 * "Lịch tiếp công dân": a month of the department's reception — its fixed days (moved off days off) and the
 * leaders' sessions, planned, published (a posting fewer than 5 working days ahead is flagged), postponed or
 * cancelled — and the reception book (Mẫu 03/TCD) of a period as XLSX.
 */
export function ReceptionSchedulePage() {
  const session = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const month = MONTH.test(params.get('month') ?? '') ? params.get('month')! : todayInVietnam().slice(0, 7);
  const spans = session.user.role === 'supervisor';
  const department = (spans ? params.get('department') : undefined) || session.user.department;
  const start = dayjs(`${month}-01`);
  const from = start.format('YYYY-MM-DD');
  const to = start.endOf('month').format('YYYY-MM-DD');
  const [after, setAfter] = useState<string>();
  const schedule = useReceptionSchedule(department, from, to, after);
  const [action, setAction] = useState<SessionAction>();
  const opener = useRef<HTMLElement | null>(null);
  const canSchedule = session.can('reception.schedule');

  const openAction = (next: SessionAction) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAction(next);
  };
  const close = () => {
    setAction(undefined);
    setTimeout(() => {
      if (opener.current?.isConnected) opener.current.focus();
    });
  };
  const done = (answer: ReceptionCommandAnswer) => {
    close();
    setAfter(answer.position);
    void message.success('Đã cập nhật lịch tiếp.');
  };

  const columns = [
    { title: 'Ngày', key: 'date', render: (_: unknown, s: ScheduledSession) => formatDate(s.date), width: 110 },
    {
      title: 'Buổi tiếp',
      key: 'kind',
      render: (_: unknown, s: ScheduledSession) => (
        <Flex vertical>
          <Typography.Text strong>{s.kindLabel}</Typography.Text>
          {s.leader && <Typography.Text>{s.leader}</Typography.Text>}
          <Typography.Text type="secondary">{s.place}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: 'Trạng thái',
      key: 'status',
      render: (_: unknown, s: ScheduledSession) => (
        <Flex vertical gap={4} align="start">
          <Tag color={SESSION_STATUS[s.status].color}>{SESSION_STATUS[s.status].label}</Tag>
          {s.postponements > 0 && <Typography.Text type="secondary">Đã hoãn {s.postponements} lần</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: 'Niêm yết',
      key: 'published',
      render: (_: unknown, s: ScheduledSession) =>
        s.published ? (
          <Flex vertical gap={4} align="start" data-testid="publication" data-late={s.late}>
            <span>
              {formatDate(s.published.publishedOn)}, trước {s.published.workingDaysAhead} ngày làm việc
            </span>
            {s.late && (
              <Tag color="red" className="reception-schedule__late">
                Niêm yết muộn
              </Tag>
            )}
          </Flex>
        ) : s.kind === 'leader-periodic' || s.kind === 'leader-adhoc' ? (
          <Typography.Text type="secondary">Chưa niêm yết</Typography.Text>
        ) : null,
    },
    ...(canSchedule
      ? [
          {
            title: 'Thao tác',
            key: 'actions',
            render: (_: unknown, s: ScheduledSession) => {
              if (s.status !== 'planned') return null;
              const title = `${s.kindLabel} ngày ${formatDate(s.date)}`;
              return (
                <Flex gap={4} wrap>
                  {!s.published && (
                    <Button size="small" onClick={() => openAction({ kind: 'publish', sessionId: s.sessionId, title })}>
                      Niêm yết
                    </Button>
                  )}
                  <Button size="small" onClick={() => openAction({ kind: 'postpone', sessionId: s.sessionId, title })}>
                    Hoãn
                  </Button>
                  <Button size="small" danger onClick={() => openAction({ kind: 'cancel', sessionId: s.sessionId, title })}>
                    Hủy
                  </Button>
                </Flex>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16} className="reception-schedule">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            Lịch tiếp công dân
          </Typography.Title>
          <Typography.Text type="secondary">{departmentLabel(department)}</Typography.Text>
        </div>
        <Flex gap={8} wrap align="center">
          {spans && (
            <Select
              aria-label="Đơn vị"
              value={department}
              style={{ minWidth: 220 }}
              options={Object.entries(session.catalog.departmentNames).map(([value, label]) => ({ value, label }))}
              onChange={(value: string) => setParams((current) => ({ ...Object.fromEntries(current), department: value }))}
            />
          )}
          <DatePicker
            picker="month"
            aria-label="Tháng"
            format="MM/YYYY"
            allowClear={false}
            value={start}
            onChange={(value: Dayjs | null) => value && setParams((current) => ({ ...Object.fromEntries(current), month: value.format('YYYY-MM') }))}
          />
          {canSchedule && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openAction({ kind: 'plan', department })}>
              Lên lịch buổi tiếp
            </Button>
          )}
        </Flex>
      </Flex>
      {schedule.isError && <Alert type="error" showIcon title="Không tải được lịch tiếp" description={schedule.error.message} />}
      <div className="reception-desk__grid">
        <Card size="small" title={<Typography.Title level={3} className="reception-desk__card-title">Các buổi tiếp của lãnh đạo và buổi đã mở sổ</Typography.Title>}>
          <ScrollRegion label="Các buổi tiếp trong tháng">
            <Table<ScheduledSession>
              data-testid="schedule-sessions"
              rowKey="sessionId"
              size="small"
              columns={columns}
              dataSource={schedule.data?.sessions ?? []}
              loading={schedule.isFetching}
              pagination={false}
              style={{ minWidth: 640 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Không có buổi tiếp nào trong tháng." /> }}
            />
          </ScrollRegion>
        </Card>
        <Flex vertical gap={16}>
          <Card size="small" title={<Typography.Title level={3} className="reception-desk__card-title">Ngày tiếp định kỳ</Typography.Title>}>
            <List
              data-testid="regular-days"
              size="small"
              dataSource={schedule.data?.regular ?? []}
              locale={{ emptyText: 'Đơn vị chưa khai báo ngày tiếp định kỳ.' }}
              renderItem={(day) => (
                <List.Item>
                  <Flex vertical>
                    <Typography.Text strong>{formatDate(day.date)}</Typography.Text>
                    <Typography.Text type="secondary">{day.place}</Typography.Text>
                    {day.movedFrom && (
                      <Typography.Text italic data-testid="regular-day-moved">
                        Chuyển từ {formatDate(day.movedFrom)}
                        {day.movedBecause ? ` (${day.movedBecause})` : ''}
                      </Typography.Text>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
          <ReceptionBookCard department={department} />
        </Flex>
      </div>
      {action && <SessionActionDialog action={action} onDone={done} onClose={close} />}
    </Flex>
  );
}

/** "Sổ tiếp công dân" (Mẫu 03/TCD) of a period, as the API writes it (GET /api/reception-book.xlsx). */
function ReceptionBookCard({ department }: { department: string }) {
  const today = dayjs(todayInVietnam());
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([today.startOf('month'), today]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');

  const fetchBook = async () => {
    setLoading(true);
    setError(undefined);
    try {
      await download('/api/reception-book.xlsx', { department, from, to }, `so-tiep-cong-dan-${department}-${from}-${to}.xlsx`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card size="small" title={<Typography.Title level={3} className="reception-desk__card-title">Sổ tiếp công dân (Mẫu 03/TCD)</Typography.Title>} data-testid="reception-book">
      <Flex vertical gap={8}>
        <DatePicker.RangePicker
          format="DD/MM/YYYY"
          allowClear={false}
          value={period}
          aria-label="Kỳ của sổ"
          id={{ start: 'reception-book-from', end: 'reception-book-to' }}
          onChange={(value) => {
            if (value?.[0] && value[1]) setPeriod([value[0], value[1]]);
          }}
        />
        <Button icon={<DownloadOutlined />} loading={loading} onClick={() => void fetchBook()}>
          Tải sổ tiếp công dân (XLSX)
        </Button>
        {error && <Alert type="error" showIcon title="Không tải được sổ" description={error} />}
      </Flex>
    </Card>
  );
}
