import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Spin, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { useCaseHistory, useCaseSummary, useCaseView, useIdentityAccessLog } from '../cases/case-api';
import { CaseClocks, deadlineStatuses } from '../cases/case-clocks';
import { CaseLoadError, Section } from '../cases/case-section';
import { CaseSummary } from '../cases/case-summary';
import { CaseTimeline, ChainStatusAlert } from '../cases/case-timeline';
import '../cases/case.css';
import { IdentityAccessTable } from './identity-access-table';
import './audit.css';
import { PageLoading } from '../shared/page-loading';

function AccessLogSection({ caseId }: { caseId: string }) {
  const log = useIdentityAccessLog(caseId);
  return (
    <Section title="Nhật ký xem danh tính bí mật">
      {log.isPending && <Spin description="Đang tải nhật ký…" />}
      {log.isError && <Alert type="error" showIcon title="Không tải được nhật ký xem danh tính" description={log.error.message} />}
      {log.data && (
        <>
          {!log.data.chain.valid && (
            <Alert type="error" showIcon className="audit-case__access-chain" title={`Chuỗi băm của nhật ký bị hỏng tại bản ghi ${log.data.chain.brokenAt.revision}`} />
          )}
          <IdentityAccessTable log={log.data} />
        </>
      )}
    </Section>
  );
}

/** The supervisor's read-only audit of one case: summary, clocks, whether the audit chain holds, every event, and who read confidential identities. */
export function AuditCasePage() {
  const { caseId = '' } = useParams();
  const session = useSession();
  const view = useCaseView(caseId);
  const history = useCaseHistory(caseId, view.isSuccess);
  const summary = useCaseSummary(caseId, undefined, view.isSuccess);

  if (view.isPending) return <PageLoading what="Đang tải hồ sơ…" />;
  if (view.isError) return <CaseLoadError error={view.error} onRetry={() => void view.refetch()} />;
  const data = view.data;

  return (
    <div className="case-page audit-case" data-testid="audit-case-page">
      <Link to="/audit" className="case-page__back">
        <ArrowLeftOutlined /> Giám sát hồ sơ
      </Link>
      <Typography.Title level={2} className="case-page__title">
        {data.subject}
      </Typography.Title>
      <div className="case-page__alert">
        {history.isPending && <Spin description="Đang kiểm tra chuỗi kiểm toán…" />}
        {history.isError && <Alert type="error" showIcon title="Không tải được lịch sử hồ sơ" description={history.error.message} />}
        {history.data && <ChainStatusAlert chain={history.data.chain} />}
      </div>
      <div className="case-page__grid">
        <div className="case-page__side">
          <Section title="Thời hạn" testId="case-clocks">
            <CaseClocks clocks={data.clocks} statuses={deadlineStatuses(data.clocks, summary.data?.summary)} />
          </Section>
        </div>
        <div className="case-page__main">
          <Section title="Thông tin hồ sơ">
            <CaseSummary view={data} summary={summary.data?.summary} />
          </Section>
          {session.can('identity.access-log') && <AccessLogSection caseId={caseId} />}
          <Section title="Lịch sử xử lý">{history.data && <CaseTimeline history={history.data} kind={data.kind} />}</Section>
        </div>
      </div>
    </div>
  );
}
