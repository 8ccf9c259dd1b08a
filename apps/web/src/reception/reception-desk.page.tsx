import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, List, Result, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { CaseLoadError } from '../cases/case-section';
import { useActionKey } from '../shared/action-key';
import { formatDate, formatDateTime, todayInVietnam } from '../shared/format';
import { departmentLabel } from '../shared/labels';
import { PageLoading } from '../shared/page-loading';
import {
  CLASSIFICATION_LABELS,
  OUTCOME_LABELS,
  RECEPTION_KIND_LABELS,
  receptionKeys,
  SESSION_STATUS,
  sendReceptionCommand,
  useReceptionSchedule,
  useReceptionSession,
  type ReceptionKind,
  type ReceptionSessionView,
  type VisitView,
} from './reception-api';
import { SessionActionDialog } from './session-action-dialog';
import { VisitForm } from './visit-form';
import type { VisitSaved } from './visit-submit';
import './reception.css';

const DEFAULT_PLACE = 'Trụ sở tiếp công dân';

/**
 * "Tiếp công dân": the desk of a reception session. The officer opens (or picks) today's session, then records each
 * visit in one step with the keyboard; the session's visits so far stand beside the form.
 */
export function ReceptionDeskPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session') ?? undefined;
  if (!session.can('reception.record')) return <Result status="403" title="Không có quyền ghi sổ tiếp công dân" />;
  return (
    <Flex vertical gap={16} className="reception-desk">
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Tiếp công dân
        </Typography.Title>
        <Typography.Text type="secondary">{departmentLabel(session.user.department)}</Typography.Text>
      </div>
      {sessionId ? <Desk sessionId={sessionId} onLeave={() => setParams({})} /> : <SessionPicker onChosen={(id) => setParams({ session: id })} />}
    </Flex>
  );
}

interface OpenValues {
  kind: ReceptionKind;
  place: string;
  leader?: string;
}

/** Today's sessions of the department, and opening the register of one. */
function SessionPicker({ onChosen }: { onChosen(sessionId: string): void }) {
  const { user } = useSession();
  const today = todayInVietnam();
  const schedule = useReceptionSchedule(user.department, today, today);
  const key = useActionKey();
  const [form] = Form.useForm<OpenValues>();
  const kind = Form.useWatch('kind', form);
  const open = useMutation({
    mutationFn: (target: { sessionId: string; revision?: number } | OpenValues) =>
      'sessionId' in target
        ? sendReceptionCommand({ sessionId: target.sessionId, segment: 'open' }, {}, key.value)
        : sendReceptionCommand({ create: true }, { action: 'open', department: user.department, date: today, ...target, leader: target.leader?.trim() || undefined }, key.value),
    onSuccess: (answer) => {
      key.renew();
      onChosen(answer.sessionId);
    },
    onError: (error) => key.failed(error),
  });
  const regularToday = schedule.data?.regular.find((r) => r.date === today);
  const sessions = (schedule.data?.sessions ?? []).filter((s) => s.status === 'open' || s.status === 'planned');

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={<Typography.Title level={3} className="reception-desk__card-title">Buổi tiếp hôm nay ({formatDate(today)})</Typography.Title>}>
        {schedule.isError && <Alert type="error" showIcon title="Không tải được lịch tiếp" description={schedule.error.message} />}
        {regularToday && (
          <Typography.Paragraph>
            Hôm nay là ngày tiếp định kỳ tại {regularToday.place}
            {regularToday.movedFrom ? ` (chuyển từ ${formatDate(regularToday.movedFrom)})` : ''}.
          </Typography.Paragraph>
        )}
        <List
          data-testid="today-sessions"
          loading={schedule.isPending}
          dataSource={sessions}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có buổi tiếp nào được mở hôm nay." /> }}
          renderItem={(s) => (
            <List.Item
              actions={[
                s.status === 'open' ? (
                  <Button key="continue" type="primary" onClick={() => onChosen(s.sessionId)}>
                    Ghi sổ buổi này
                  </Button>
                ) : (
                  <Button key="open" loading={open.isPending} onClick={() => open.mutate({ sessionId: s.sessionId })}>
                    Mở sổ
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta title={`${s.kindLabel}${s.leader ? ` · ${s.leader}` : ''}`} description={s.place} />
              <Tag color={SESSION_STATUS[s.status].color}>{SESSION_STATUS[s.status].label}</Tag>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={<Typography.Title level={3} className="reception-desk__card-title">Mở sổ buổi tiếp</Typography.Title>}>
        <Form<OpenValues>
          form={form}
          name="open-session"
          layout="vertical"
          initialValues={{ kind: 'regular', place: regularToday?.place ?? DEFAULT_PLACE }}
          onFinish={(values) => open.mutate({ ...values, place: values.place.trim() })}
          disabled={open.isPending}
        >
          <Flex gap={12} wrap align="start">
            <Form.Item name="kind" label="Hình thức tiếp" rules={[{ required: true, message: 'Chọn hình thức tiếp.' }]} style={{ minWidth: 220 }}>
              <Select options={Object.entries(RECEPTION_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="place" label="Nơi tiếp" rules={[{ required: true, whitespace: true, message: 'Nhập nơi tiếp.' }, { max: 300, message: 'Tối đa 300 ký tự.' }]} style={{ minWidth: 260, flex: 1 }}>
              <Input autoComplete="off" />
            </Form.Item>
            {kind !== 'regular' && kind !== 'online' && (
              <Form.Item name="leader" label="Lãnh đạo tiếp" rules={[{ max: 200, message: 'Tối đa 200 ký tự.' }]} style={{ minWidth: 220 }}>
                <Input autoComplete="off" />
              </Form.Item>
            )}
          </Flex>
          {open.isError && <Alert type="error" showIcon className="reception-desk__alert" title="Không mở được sổ buổi tiếp" description={open.error.message} data-testid="open-session-error" />}
          <Button type="primary" htmlType="submit" loading={open.isPending}>
            Mở sổ và bắt đầu tiếp
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}

/** An open session: the visit form, the visits recorded so far, closing the session. */
function Desk({ sessionId, onLeave }: { sessionId: string; onLeave(): void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const view = useReceptionSession(sessionId);
  // The store position of each đơn registered here: its page waits until the register (and its duplicates) has it.
  const [positions, setPositions] = useState<Record<string, string>>({});
  const [concluding, setConcluding] = useState(false);
  const closeKey = useActionKey();
  const close = useMutation({
    mutationFn: (session: ReceptionSessionView) => sendReceptionCommand({ sessionId, segment: 'close', revision: session.revision }, {}, closeKey.value),
    onSuccess: (answer) => {
      closeKey.renew();
      queryClient.setQueryData(receptionKeys.session(sessionId), answer.session);
      void message.success('Đã kết thúc buổi tiếp.');
    },
    onError: (error) => closeKey.failed(error),
  });

  if (view.isPending) return <PageLoading what="Đang tải buổi tiếp…" />;
  if (view.isError) return <CaseLoadError error={view.error} onRetry={() => void view.refetch()} />;
  const session = view.data;

  const saved = ({ visit, don }: VisitSaved) => {
    const no = visit.session.visits.at(-1)?.visitNo ?? '';
    if (don) setPositions((known) => ({ ...known, [don.donId]: don.position }));
    void message.success(don ? `Đã ghi lượt tiếp số ${no} và vào sổ đơn.` : `Đã ghi lượt tiếp số ${no}.`);
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8} className="reception-desk__session" data-testid="desk-session">
        <div>
          <Typography.Text strong>
            {session.kindLabel}
            {session.leader ? ` · ${session.leader}` : ''}
          </Typography.Text>{' '}
          <Tag color={SESSION_STATUS[session.status].color}>{SESSION_STATUS[session.status].label}</Tag>
          <div>
            <Typography.Text type="secondary">
              {formatDate(session.date)} · {session.place}
              {session.receivedBy ? ` · Người tiếp: ${session.receivedBy}` : ''}
            </Typography.Text>
          </div>
        </div>
        <Flex gap={8} wrap>
          <Button onClick={onLeave}>Chọn buổi khác</Button>
          {(session.kind === 'leader-periodic' || session.kind === 'leader-adhoc') && !session.conclusion && session.status === 'open' && (
            <Button onClick={() => setConcluding(true)}>Thông báo kết luận</Button>
          )}
          {session.status === 'open' && (
            <Button danger loading={close.isPending} onClick={() => close.mutate(session)}>
              Kết thúc buổi tiếp
            </Button>
          )}
        </Flex>
      </Flex>
      {session.conclusion && (
        <Typography.Text type="secondary" data-testid="session-conclusion">
          Thông báo kết luận số {session.conclusion.documentNo} ngày {formatDate(session.conclusion.documentDate)}
        </Typography.Text>
      )}
      {concluding && (
        <SessionActionDialog
          action={{ kind: 'issue-conclusion', sessionId, title: `${session.kindLabel} ngày ${formatDate(session.date)}` }}
          onDone={(answer) => {
            setConcluding(false);
            queryClient.setQueryData(receptionKeys.session(sessionId), answer.session);
            void message.success('Đã ban hành thông báo kết luận.');
          }}
          onClose={() => setConcluding(false)}
        />
      )}
      {close.isError && <Alert type="error" showIcon title="Không kết thúc được buổi tiếp" description={close.error.message} />}
      <div className="reception-desk__grid">
        <div className="reception-desk__main">
          {session.status === 'open' ? (
            <VisitForm session={session} onSaved={saved} />
          ) : (
            <Alert type="info" showIcon title={`Buổi tiếp ${SESSION_STATUS[session.status].label.toLowerCase()}: không ghi thêm lượt tiếp.`} />
          )}
        </div>
        <div className="reception-desk__side">
          <Visits visits={session.visits} positions={positions} />
        </div>
      </div>
    </Flex>
  );
}

function Visits({ visits, positions }: { visits: VisitView[]; positions: Record<string, string> }) {
  return (
    <Card size="small" title={<Typography.Title level={3} className="reception-desk__card-title">Các lượt đã tiếp ({visits.length})</Typography.Title>}>
      <List
        data-testid="visit-list"
        dataSource={[...visits].reverse()}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có lượt tiếp nào." /> }}
        renderItem={(visit) => (
          <List.Item data-testid="visit" data-visit-no={visit.visitNo}>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Typography.Text strong>
                Lượt {visit.visitNo} · {formatDateTime(visit.at)}
              </Typography.Text>
              <Typography.Text>
                {visit.citizens} người{visit.delegation ? ` (đoàn, ${visit.delegation.representatives} đại diện)` : ''} · {CLASSIFICATION_LABELS[visit.classification]}
                {visit.repeated ? ' · lặp lại' : ''}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis={{ tooltip: visit.summary }}>
                {visit.summary}
              </Typography.Text>
              <span>
                <Tag>{OUTCOME_LABELS[visit.outcome.kind]}</Tag>
                {visit.outcome.donId && (
                  <Link to={`/dons/${visit.outcome.donId}`} state={{ after: positions[visit.outcome.donId] }} data-testid="visit-don-link">
                    Mở đơn
                  </Link>
                )}
                {visit.outcome.toBody && <Typography.Text type="secondary"> {visit.outcome.toBody}</Typography.Text>}
              </span>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
