import { Alert, Empty, Tag, Timeline, Typography, type TimelineItemProps } from 'antd';
import type { ReactNode } from 'react';
import { useSession } from '../auth/session';
import { clockLabel } from '../shared/catalog';
import { formatDate, formatDateTime } from '../shared/format';
import { roleLabel } from '../shared/labels';
import type { CaseHistory, ChainStatus, HistoryEntry } from './case-api';
import { legalLength } from './case-clocks';

/** Vietnamese names of the case events (libs/domain/src/case/case.events.ts). */
export const EVENT_LABELS: Record<string, string> = {
  CaseFiled: 'Tiếp nhận đơn',
  CaseAccepted: 'Thụ lý',
  CaseRejected: 'Không thụ lý',
  CaseForwarded: 'Chuyển đơn',
  InspectorAssigned: 'Phân công thanh tra viên',
  VerificationStarted: 'Giao xác minh',
  VerificationReported: 'Báo cáo kết quả xác minh',
  DialogueHeld: 'Tổ chức đối thoại',
  DecisionDrafted: 'Dự thảo quyết định (kết luận)',
  DecisionIssued: 'Ban hành quyết định (kết luận)',
  DecisionSent: 'Gửi quyết định giải quyết',
  ConclusionHandled: 'Xử lý kết luận nội dung tố cáo',
  ConclusionPublished: 'Công khai kết luận',
  CitizenAnswered: 'Trả lời công dân',
  CaseWithdrawn: 'Rút đơn',
  CaseSuspended: 'Tạm đình chỉ',
  CaseResumed: 'Tiếp tục giải quyết',
  CaseTerminated: 'Đình chỉ giải quyết',
  CaseReviewed: 'Kiểm tra, xem xét lại',
  CaseClosed: 'Kết thúc hồ sơ',
  ComplexityDetermined: 'Xác định mức độ phức tạp',
  DeadlineSet: 'Đặt thời hạn',
  DeadlineExtended: 'Gia hạn thời hạn',
  DeadlineStopped: 'Dừng thời hạn',
  DeadlineReminderSent: 'Nhắc hạn',
  DeadlineMissed: 'Quá hạn',
  CaseEscalated: 'Báo cáo cấp trên',
};

const FINDING_LABELS: Record<string, string> = { right: 'Đúng', 'partly-right': 'Đúng một phần', wrong: 'Sai' };
const DEADLINE_CAUSES: Record<string, string> = { started: 'bắt đầu tính', resumed: 'tính lại khi tiếp tục', 'complexity-determined': 'tính lại theo mức độ phức tạp' };
const ESCALATION_REASONS: Record<string, string> = { overdue: 'quá hạn', stalled: 'hồ sơ không được xử lý' };
const CHAIN_PROBLEMS: Record<string, string> = {
  'missing-hash': 'thiếu mã băm',
  'hash-mismatch': 'mã băm không khớp nội dung',
  'prev-hash-mismatch': 'không nối với sự kiện trước',
  'revision-gap': 'thiếu sự kiện',
};

const ALARMS = new Set(['DeadlineMissed', 'CaseEscalated', 'CaseRejected', 'CaseTerminated']);
const DONE = new Set(['CaseClosed', 'DecisionIssued', 'CitizenAnswered', 'DecisionSent']);

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function actorText(entry: HistoryEntry): string {
  const actor = entry.actor;
  if (!actor) return 'Không rõ';
  if (actor.role === 'system') return `Hệ thống (${actor.id})`;
  return [actor.name, roleLabel(actor.role), actor.id].filter(Boolean).join(' · ');
}

type Detail = [label: string, value: ReactNode];

function eventDetails(entry: HistoryEntry, clockName: (clock: string) => string): Detail[] {
  const d = entry.data;
  const details: Detail[] = [];
  const add = (label: string, value: ReactNode | undefined) => {
    if (value !== undefined && value !== '') details.push([label, value]);
  };
  const basis = d['basis'] as { citation?: string; length?: number; baseLength?: number; extendedBy?: number; unit?: string; provisional?: boolean } | undefined;
  switch (entry.type) {
    case 'DeadlineSet':
      add('Thời hạn', text(d['clock']) && clockName(String(d['clock'])));
      add('Cách tính', DEADLINE_CAUSES[String(d['cause'])] ?? text(d['cause']));
      add('Từ ngày', formatDate(text(d['startedOn'])));
      add('Hạn', <strong>{formatDate(text(d['dueDate']))}</strong>);
      if (basis) {
        add('Thời gian', legalLength({ length: (basis.baseLength ?? 0) + (basis.extendedBy ?? 0), unit: basis.unit ?? '', extensions: 0, provisional: basis.provisional === true }));
        add('Căn cứ', text(basis.citation));
      }
      break;
    case 'DeadlineExtended':
      add('Thời hạn', clockName(String(d['clock'])));
      add('Lần gia hạn', text(d['extension']));
      add('Hạn cũ', formatDate(text(d['previousDueDate'])));
      add('Hạn mới', <strong>{formatDate(text(d['dueDate']))}</strong>);
      add('Căn cứ', text(basis?.citation));
      break;
    case 'DeadlineStopped':
      add('Thời hạn', clockName(String(d['clock'])));
      add('Dừng ngày', formatDate(text(d['stoppedOn'])));
      add('Kết quả', d['metDeadline'] === true ? 'Đúng hạn' : 'Trễ hạn');
      break;
    case 'DeadlineReminderSent':
      add('Thời hạn', clockName(String(d['clock'])));
      add('Hạn', formatDate(text(d['dueDate'])));
      add('Gửi tới', Array.isArray(d['notify']) ? d['notify'].map((r) => roleLabel(String(r))).join(', ') : undefined);
      break;
    case 'DeadlineMissed':
      add('Thời hạn', clockName(String(d['clock'])));
      add('Hạn', formatDate(text(d['dueDate'])));
      break;
    case 'CaseEscalated':
      add('Lý do', ESCALATION_REASONS[String(d['reason'])] ?? text(d['reason']));
      add('Báo cáo tới', roleLabel(text(d['to'])));
      add('Lần', text(d['level']));
      if (text(d['clock'])) add('Thời hạn', clockName(String(d['clock'])));
      break;
    case 'InspectorAssigned':
      add('Thanh tra viên', [text(d['inspectorName']), text(d['inspectorId'])].filter(Boolean).join(' · '));
      break;
    case 'CaseForwarded':
      add('Chuyển đến', text(d['toAgency']));
      break;
    case 'CaseRejected':
    case 'CaseTerminated':
      add('Căn cứ', text(d['groundCode']));
      break;
    case 'DecisionIssued':
      add('Số quyết định', text(d['decisionNo']));
      break;
    case 'DecisionSent':
      add('Nơi nhận', Array.isArray(d['recipients']) ? d['recipients'].join('; ') : undefined);
      break;
    case 'ConclusionPublished':
      add('Hình thức', text(d['method']));
      break;
    case 'ComplexityDetermined':
      add('Tiêu chí', Array.isArray(d['criteria']) ? d['criteria'].join(', ') : undefined);
      break;
    case 'CaseWithdrawn':
      add('Căn cứ tiếp tục', text(d['continueGround']));
      break;
    case 'CaseReviewed':
      add('Kết luận', text(d['conclusion']));
      break;
    default:
      break;
  }
  if (text(d['finding'])) add('Kết luận', FINDING_LABELS[String(d['finding'])] ?? text(d['finding']));
  add('Tóm tắt', text(d['summary']));
  add('Lý do', text(entry.reason) ?? (entry.type === 'CaseEscalated' ? undefined : text(d['reason'])));
  add('Số văn bản', text(d['documentNo']));
  add('Ngày văn bản', formatDate(text(d['documentDate'])));
  add('Ghi chú', text(d['note']));
  return details;
}

function TimelineEntry({ entry, clockName, broken }: { entry: HistoryEntry; clockName: (clock: string) => string; broken: boolean }) {
  const details = eventDetails(entry, clockName);
  const occurred = formatDateTime(entry.occurredAt);
  const recorded = formatDateTime(entry.recordedAt);
  return (
    <div className="timeline-entry" data-testid="timeline-entry" data-type={entry.type} data-revision={entry.revision}>
      <div className="timeline-entry__head">
        <Typography.Text strong>{EVENT_LABELS[entry.type] ?? entry.type}</Typography.Text>
        {broken && (
          <Tag color="red" data-testid="chain-break">
            Không khớp chuỗi kiểm toán
          </Tag>
        )}
        <Typography.Text type="secondary" className="timeline-entry__time">
          <span title="Thời điểm xảy ra">{occurred || recorded}</span>
          {occurred && occurred !== recorded && <span title="Thời điểm ghi vào hệ thống"> · ghi nhận {recorded}</span>}
        </Typography.Text>
      </div>
      <div className="timeline-entry__actor">{actorText(entry)}</div>
      {details.length > 0 && (
        <dl className="timeline-entry__details">
          {details.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function color(entry: HistoryEntry): string {
  if (ALARMS.has(entry.type)) return 'red';
  if (DONE.has(entry.type)) return 'green';
  if (entry.actor?.role === 'system') return 'gray';
  return 'blue';
}

/** One line: the hash chain of the case's events holds, or where it breaks. */
export function ChainStatusText({ chain }: { chain: ChainStatus }) {
  if (chain.valid) {
    return (
      <Tag color="green" data-testid="chain-status" data-valid="true">
        Chuỗi kiểm toán: nguyên vẹn
      </Tag>
    );
  }
  return (
    <Tag color="red" data-testid="chain-status" data-valid="false">
      Chuỗi kiểm toán bị hỏng tại phiên bản {chain.brokenAt.revision}
    </Tag>
  );
}

/** The prominent form of the chain status, for the audit view. */
export function ChainStatusAlert({ chain }: { chain: ChainStatus }) {
  if (chain.valid) {
    return (
      <div data-testid="chain-status" data-valid="true">
        <Alert type="success" showIcon title={`Chuỗi kiểm toán nguyên vẹn: ${chain.events} sự kiện`} />
      </div>
    );
  }
  const { brokenAt } = chain;
  return (
    <div data-testid="chain-status" data-valid="false">
      <Alert
        type="error"
        showIcon
        title={`Chuỗi kiểm toán bị hỏng tại sự kiện phiên bản ${brokenAt.revision}`}
        description={`Sự kiện "${EVENT_LABELS[brokenAt.type] ?? brokenAt.type}" (mã ${brokenAt.eventId}): ${CHAIN_PROBLEMS[brokenAt.problem] ?? brokenAt.problem}. Các sự kiện từ đây trở đi không còn được bảo đảm nguyên vẹn.`}
      />
    </div>
  );
}

/** Every recorded event of the case in order: what happened, who did it, when (business and recorded time), why, and the documents and due dates. */
export function CaseTimeline({ history, kind }: { history: CaseHistory; kind: string }) {
  const { catalog } = useSession();
  const clockName = (clock: string) => clockLabel(catalog, kind, clock);
  if (history.events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có sự kiện nào." />;
  const brokenRevision = history.chain.valid ? undefined : history.chain.brokenAt.revision;
  const items: TimelineItemProps[] = history.events.map((entry) => ({
    key: entry.eventId,
    color: entry.revision === brokenRevision ? 'red' : color(entry),
    content: <TimelineEntry entry={entry} clockName={clockName} broken={entry.revision === brokenRevision} />,
  }));
  return (
    <div data-testid="case-timeline">
      <Timeline items={items} className="case-timeline" />
    </div>
  );
}
