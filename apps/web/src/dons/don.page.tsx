import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Flex, Spin, Tag, Timeline, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, type Problem } from '../api/client';
import { useSession } from '../auth/session';
import { CaseLoadError, Section } from '../cases/case-section';
import { useActionKey } from '../shared/action-key';
import { formatDate, formatDateTime } from '../shared/format';
import { PageLoading } from '../shared/page-loading';
import { PARTY_ROLE_LABELS, roleLabel } from '../shared/labels';
import { DonActionDialog } from './don-action-dialog';
import { donActions, type DonAction } from './don-actions';
import {
  CONTENT_LABELS,
  DON_EVENT_LABELS,
  donKeys,
  sendDonCommand,
  SOURCE_LABELS,
  STATUS_LABELS,
  useDonCandidates,
  useDonHistory,
  useDonView,
  type DonCommandAnswer,
  type DonView,
} from './don-api';
import { DonCandidatesList } from './don-candidates';
import { DonClassificationForm } from './don-classification-form';
import './don.css';

const CONFLICT_TEXT = 'Đơn vừa được người khác cập nhật. Trang đã được tải lại; hãy kiểm tra rồi thực hiện lại.';

/**
 * One đơn: what was received, its processing limit, the classification form with the duplicate candidates beside
 * it, the processing outcomes this user may run now, and its history. Accepting it into a case (thụ lý) links to
 * the new case.
 */
export function DonPage() {
  const { donId = '' } = useParams();
  const session = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const view = useDonView(donId);
  const history = useDonHistory(donId, view.isSuccess);
  const location = useLocation();
  // A page opened right after the đơn was registered waits for the register to have it (the desk passes the position).
  const [after, setAfter] = useState<string | undefined>(() => (location.state as { after?: string } | null)?.after);
  const candidates = useDonCandidates(view.data?.status === 'open' ? view.data : undefined, after);
  const [active, setActive] = useState<{ action: DonAction; view: DonView; opened: number }>();
  const [conflict, setConflict] = useState<Problem>();
  const [attachError, setAttachError] = useState<Problem>();
  const [attaching, setAttaching] = useState(false);
  const attachKey = useActionKey();
  const opener = useRef<HTMLElement | null>(null);

  if (view.isPending) return <PageLoading what="Đang tải đơn…" />;
  if (view.isError) return <DonLoadError error={view.error} onRetry={() => void view.refetch()} />;
  const don = view.data;
  const canProcess = session.can('dons.process');

  const refresh = () => queryClient.invalidateQueries({ queryKey: donKeys.all(donId) });
  const applied = (answer: DonCommandAnswer, label: string) => {
    setConflict(undefined);
    setAfter(answer.position);
    void message.success(`Đã thực hiện: ${label}`);
    void (async () => {
      await queryClient.cancelQueries({ queryKey: donKeys.view(donId) });
      queryClient.setQueryData(donKeys.view(donId), answer.don);
      await refresh();
      await queryClient.invalidateQueries({ queryKey: donKeys.register });
    })();
  };
  const close = () => {
    setActive(undefined);
    setTimeout(() => {
      if (opener.current?.isConnected) opener.current.focus();
    });
  };
  const conflicted = (problem: Problem) => {
    close();
    setConflict(problem);
    void refresh();
  };
  const attach = async (target: { toDonId: string } | { caseId: string }, label: string) => {
    setAttaching(true);
    setAttachError(undefined);
    try {
      const segment = 'caseId' in target ? 'attach-to-case' : 'attach-to-don';
      const answer = await sendDonCommand({ donId, segment, revision: don.revision }, target, attachKey.value);
      attachKey.renew();
      applied(answer, label);
    } catch (error) {
      const problem = attachKey.failed(error);
      if (problem.status === 409 && problem.code === 'revision-conflict') conflicted(problem);
      else setAttachError(problem);
    } finally {
      setAttaching(false);
    }
  };
  const actions = canProcess ? donActions(don, session.catalog) : [];

  return (
    <div className="don-page" data-testid="don-page">
      <Link to="/dons" className="don-page__back">
        <ArrowLeftOutlined /> Sổ xử lý đơn
      </Link>
      <Typography.Title level={2} className="don-page__title">
        {don.subject}
      </Typography.Title>
      {conflict && (
        <div data-testid="conflict-alert" className="don-page__alert">
          <Alert type="warning" showIcon title={CONFLICT_TEXT} closable={{ onClose: () => setConflict(undefined) }} />
        </div>
      )}
      {don.caseIds.length > 0 && (
        <div className="don-page__alert" data-testid="don-cases">
          <Alert
            type="success"
            showIcon
            title={
              <>
                {don.outcome?.type === 'DonAcceptedIntoCase' ? 'Đơn đã được thụ lý thành hồ sơ: ' : 'Đơn thuộc hồ sơ: '}
                {don.caseIds.map((caseId, i) => (
                  <span key={caseId}>
                    {i > 0 && ', '}
                    <Link to={`/cases/${caseId}`} data-testid="don-case-link">
                      mở hồ sơ
                    </Link>
                  </span>
                ))}
              </>
            }
          />
        </div>
      )}
      <div className="don-page__grid">
        <div className="don-page__main">
          <Section title="Thông tin đơn" testId="don-summary">
            <DonSummary don={don} />
          </Section>
          {don.status === 'open' && canProcess && (
            <Section title="Phân loại đơn" testId="don-classification">
              <DonClassificationForm key={don.revision} don={don} onDone={(answer) => applied(answer, 'Phân loại đơn')} onConflict={conflicted} />
            </Section>
          )}
          <Section title="Lịch sử xử lý">
            {history.isPending && <Spin description="Đang tải lịch sử…" />}
            {history.isError && <Alert type="error" showIcon title="Không tải được lịch sử" description={history.error.message} />}
            {history.data && (
              <Timeline
                data-testid="don-history"
                items={history.data.events.map((entry) => ({
                  key: entry.eventId,
                  content: (
                    <div data-testid="don-history-entry" data-type={entry.type}>
                      <Typography.Text strong>{DON_EVENT_LABELS[entry.type] ?? entry.type}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {formatDateTime(entry.occurredAt ?? entry.recordedAt)}
                          {entry.actor ? ` · ${[entry.actor.name, roleLabel(entry.actor.role)].filter(Boolean).join(' · ')}` : ''}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
                }))}
              />
            )}
          </Section>
        </div>
        <div className="don-page__side">
          <Section title="Xử lý đơn" testId="don-actions-section">
            {actions.length === 0 ? (
              <Typography.Text type="secondary" data-testid="no-don-actions">
                {don.status === 'open' && !don.classification && canProcess ? 'Phân loại đơn trước khi xử lý.' : 'Không có thao tác xử lý nào với đơn này.'}
              </Typography.Text>
            ) : (
              <Flex wrap gap={8} data-testid="don-actions">
                {actions.map((action) => (
                  <Button
                    key={action.segment}
                    data-segment={action.segment}
                    type={action.segment === 'accept-into-case' ? 'primary' : 'default'}
                    onClick={() => {
                      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
                      setActive({ action, view: don, opened: Date.now() });
                    }}
                  >
                    {action.label}
                  </Button>
                ))}
              </Flex>
            )}
          </Section>
          {don.status === 'open' && (
            <Section title="Đơn, hồ sơ có thể trùng" testId="don-candidates">
              {attachError && <Alert type="error" showIcon title={attachError.title} description={attachError.detail} className="don-page__alert" data-testid="attach-refusal" />}
              <DonCandidatesList
                donId={donId}
                candidates={candidates.data}
                loading={candidates.isFetching}
                error={candidates.error}
                canAttach={canProcess}
                attaching={attaching}
                onAttach={(target, label) => void attach(target, label)}
              />
            </Section>
          )}
        </div>
      </div>
      {active && (
        <DonActionDialog
          key={active.opened}
          don={active.view}
          action={active.action}
          onDone={(answer, label) => {
            close();
            applied(answer, label);
          }}
          onConflict={conflicted}
          onClose={close}
        />
      )}
    </div>
  );
}

function DonSummary({ don }: { don: DonView }) {
  const c = don.classification;
  const source = don.source;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="don-details">
      <Descriptions.Item label="Tình trạng">
        <Tag color={STATUS_LABELS[don.status].color} data-testid="don-status">
          {STATUS_LABELS[don.status].label}
        </Tag>
        {don.outcome && <span data-testid="don-outcome">{DON_EVENT_LABELS[don.outcome.type] ?? don.outcome.type} ({formatDate(don.outcome.on)})</span>}
      </Descriptions.Item>
      <Descriptions.Item label="Nguồn đơn">
        {SOURCE_LABELS[source.kind]}
        {source.visitNo ? ` · lượt tiếp số ${source.visitNo}` : ''}
        {source.referrer ? ` · ${source.referrer.body}, văn bản ${source.referrer.documentNo} ngày ${formatDate(source.referrer.documentDate)}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label="Ngày nhận">{formatDate(don.receivedOn)}</Descriptions.Item>
      <Descriptions.Item label="Hạn xử lý">
        {don.processing.dueOn ? formatDate(don.processing.dueOn) : 'Không có thời hạn'}
        {don.processing.onTime === false && (
          <Tag color="red" style={{ marginInlineStart: 8 }}>
            Xử lý quá hạn
          </Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label="Người đứng tên">{don.anonymous ? 'Đơn nặc danh' : `${don.signers} người`}</Descriptions.Item>
      <Descriptions.Item label="Phân loại">
        <span data-testid="don-classification-text">
          {c
            ? [CONTENT_LABELS[c.content], c.qualifying ? 'đủ điều kiện' : `không đủ điều kiện (${c.notQualifyingReason ?? ''})`, c.competence === 'within' ? 'thuộc thẩm quyền' : `không thuộc thẩm quyền (${c.competentBody ?? ''})`].join(' · ')
            : 'Chưa phân loại'}
        </span>
      </Descriptions.Item>
      {don.repeatOf && <Descriptions.Item label="Lặp lại">Đơn lặp lại của {don.repeatOf.caseId ? 'một hồ sơ đã có' : 'một đơn trước'}</Descriptions.Item>}
      {don.respondent && <Descriptions.Item label="Người, cơ quan bị khiếu nại, tố cáo">{don.respondent}</Descriptions.Item>}
      <Descriptions.Item label="Người gửi, các bên" span={2}>
        <span data-testid="don-parties">{don.parties.length === 0 ? 'Không ghi' : don.parties.map((p) => `${PARTY_ROLE_LABELS[p.role] ?? p.role}: ${p.name}`).join('; ')}</span>
      </Descriptions.Item>
      <Descriptions.Item label="Nội dung" span={2}>
        <Typography.Paragraph className="don-page__content" style={{ margin: 0 }}>
          {don.content}
        </Typography.Paragraph>
      </Descriptions.Item>
      <Descriptions.Item label="Căn cứ thời hạn" span={2}>
        <Typography.Text type="secondary">
          {don.processing.citation ?? don.processing.rule}
          {don.processing.doubt ? ` (lưu ý: ${don.processing.doubt})` : ''}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

function DonLoadError({ error, onRetry }: { error: Error; onRetry(): void }) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <div data-testid="don-not-found">
        <Alert type="warning" showIcon title="Không tìm thấy đơn (hoặc đơn không thuộc đơn vị của bạn)" />
      </div>
    );
  }
  return <CaseLoadError error={error} onRetry={onRetry} />;
}
