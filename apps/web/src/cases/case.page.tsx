import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { Problem } from '../api/client';
import { useSession } from '../auth/session';
import { caseKeys, useCaseHistory, useCaseSummary, useCaseView, type CaseView, type PartyView } from './case-api';
import { CaseClocks, deadlineStatuses } from './case-clocks';
import { CaseCommandForm, type CommandDone } from './case-command-form';
import { RevealIdentityButton } from './case-identity';
import { CaseSummary } from './case-summary';
import { CaseLoadError, Section } from './case-section';
import { CaseTimeline, ChainStatusText } from './case-timeline';
import './case.css';
import { PageLoading } from '../shared/page-loading';

function CaseActions({ view, onOpen }: { view: CaseView; onOpen(command: { command: string; label: string }): void }) {
  if (view.allowedCommands.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="no-actions">
        Bạn không có thao tác nào với hồ sơ ở bước này.
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid="case-actions">
      {view.allowedCommands.map((command) => (
        <Button key={command.command} data-command={command.command} onClick={() => onOpen(command)}>
          {command.label}
        </Button>
      ))}
    </Flex>
  );
}

const CONFLICT_TEXT = 'Hồ sơ vừa được người khác cập nhật. Trang đã được tải lại; hãy kiểm tra rồi thực hiện lại.';

/** One case: its summary, legal clocks, the commands this user may run now (each as a short form), the identity reveal, and its full history. */
export function CasePage() {
  const { caseId = '' } = useParams();
  const session = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const view = useCaseView(caseId);
  const history = useCaseHistory(caseId, view.isSuccess);
  const location = useLocation();
  // A page opened right after filing waits for the read models to have the new case (the form passes its position).
  const [after, setAfter] = useState<string | undefined>(() => (location.state as { after?: string } | null)?.after);
  const summary = useCaseSummary(caseId, after, view.isSuccess);
  // The case as it stood when the dialog opened: a refetch meanwhile must not move the revision sent as If-Match.
  const [active, setActive] = useState<{ command: string; label: string; opened: number; view: CaseView }>();
  const [conflict, setConflict] = useState<Problem>();
  const [revealed, setRevealed] = useState<PartyView[]>();
  // The action button that opened the dialog: the focus goes back to it when the dialog closes.
  const opener = useRef<HTMLElement | null>(null);

  if (view.isPending) return <PageLoading what="Đang tải hồ sơ…" />;
  if (view.isError) return <CaseLoadError error={view.error} onRetry={() => void view.refetch()} />;

  const data = view.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: caseKeys.all(caseId) });
  const close = () => {
    setActive(undefined);
    // After the dialog (and its focus lock) is gone; the button may be gone too when the step changed.
    setTimeout(() => {
      if (opener.current?.isConnected) opener.current.focus();
    });
  };
  const done = ({ label, position, view: next }: CommandDone) => {
    close();
    setConflict(undefined);
    if (position) setAfter(position);
    void message.success(`Đã thực hiện: ${label}`);
    void (async () => {
      // The case after the command replaces the cached one; a refetch begun earlier is cancelled first so it cannot bring the old revision back.
      if (next) {
        await queryClient.cancelQueries({ queryKey: caseKeys.view(caseId) });
        queryClient.setQueryData(caseKeys.view(caseId), next);
      }
      await refresh();
    })();
  };
  const conflicted = (problem: Problem) => {
    close();
    setConflict(problem);
    void refresh();
  };
  const canReveal = data.identityStatus === 'sealed' && session.can('identity.reveal') && revealed === undefined;

  return (
    <div className="case-page" data-testid="case-page">
      <Link to="/cases" className="case-page__back">
        <ArrowLeftOutlined /> Sổ hồ sơ
      </Link>
      <Typography.Title level={2} className="case-page__title">
        {data.subject}
      </Typography.Title>
      {conflict && (
        <div data-testid="conflict-alert" className="case-page__alert">
          <Alert type="warning" showIcon title={CONFLICT_TEXT} closable={{ onClose: () => setConflict(undefined) }} />
        </div>
      )}
      <div className="case-page__grid">
        <div className="case-page__side">
          <Section title="Thao tác" testId="case-actions-section">
            <CaseActions
              view={data}
              onOpen={(command) => {
                opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
                setActive({ ...command, opened: Date.now(), view: data });
              }}
            />
          </Section>
          <Section title="Thời hạn" testId="case-clocks">
            <CaseClocks clocks={data.clocks} statuses={deadlineStatuses(data.clocks, summary.data?.summary)} />
          </Section>
        </div>
        <div className="case-page__main">
          <Section title="Thông tin hồ sơ" extra={canReveal ? <RevealIdentityButton caseId={caseId} onRevealed={setRevealed} /> : undefined}>
            {revealed && (
              <div data-testid="identity-revealed" className="case-page__alert">
                <Alert
                  type="warning"
                  showIcon
                  title="Đang hiển thị danh tính bí mật. Lần xem này đã được ghi vào nhật ký truy cập."
                  action={
                    <Button size="small" onClick={() => setRevealed(undefined)}>
                      Ẩn danh tính
                    </Button>
                  }
                />
              </div>
            )}
            <CaseSummary view={data} summary={summary.data?.summary} {...(revealed ? { parties: revealed } : {})} />
          </Section>
          <Section title="Lịch sử xử lý" extra={history.data ? <ChainStatusText chain={history.data.chain} /> : undefined}>
            {history.isPending && <Spin description="Đang tải lịch sử…" />}
            {history.isError && <Alert type="error" showIcon title="Không tải được lịch sử xử lý" description={history.error.message} />}
            {history.data && <CaseTimeline history={history.data} kind={data.kind} />}
          </Section>
        </div>
      </div>
      {active && <CaseCommandForm key={active.opened} view={active.view} command={active} onDone={done} onConflict={conflicted} onClose={close} />}
    </div>
  );
}
