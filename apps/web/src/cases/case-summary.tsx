import { Descriptions, Grid, Tag, Typography, type DescriptionsProps } from 'antd';
import { formatDate } from '../shared/format';
import { CHANNEL_LABELS, PARTY_ROLE_LABELS, departmentLabel } from '../shared/labels';
import { CaseDonLinks } from '../dons/case-don-links';
import type { CaseSummaryAnswer, CaseView, PartyView } from './case-api';

const COMPLEXITY_LABELS: Record<string, string> = {
  none: 'Không phức tạp',
  complex: 'Phức tạp',
  'especially-complex': 'Đặc biệt phức tạp',
};

function PartyList({ parties }: { parties: PartyView[] }) {
  return (
    <ul className="case-parties" data-testid="case-parties">
      {parties.map((party, index) => (
        <li key={`${party.role}-${index}`}>
          <Typography.Text type="secondary">{PARTY_ROLE_LABELS[party.role] ?? party.role}: </Typography.Text>
          <Typography.Text strong>{party.name}</Typography.Text>
          {party.confidential && (
            <Tag color="purple" className="case-parties__tag">
              Bí mật
            </Tag>
          )}
          {[party.address, party.phone, party.email, party.idNumber && `CCCD ${party.idNumber}`].filter(Boolean).length > 0 && (
            <div className="case-parties__more">{[party.address, party.phone, party.email, party.idNumber && `CCCD ${party.idNumber}`].filter(Boolean).join(' · ')}</div>
          )}
        </li>
      ))}
    </ul>
  );
}

function inspectorText(view: CaseView, summary: CaseSummaryAnswer['summary'] | undefined): string {
  if (!view.inspectorId) return 'Chưa phân công';
  const name = summary?.inspectorId === view.inspectorId ? summary.inspectorName : undefined;
  return name ? `${name} (${view.inspectorId})` : view.inspectorId;
}

/** The case at a glance: kind, stage, department, receipt, complexity, inspector, content and the parties as the user may see them. */
export function CaseSummary({ view, summary, parties }: { view: CaseView; summary: CaseSummaryAnswer['summary'] | undefined; parties?: PartyView[] }) {
  const screens = Grid.useBreakpoint();
  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: 'Loại hồ sơ', children: view.kindLabel },
    {
      key: 'stage',
      label: 'Bước hiện tại',
      children: (
        <span data-testid="case-stage">
          {view.stageLabel}
          {view.final && <Tag className="case-summary__inline-tag">Đã kết thúc</Tag>}
        </span>
      ),
    },
    { key: 'department', label: 'Đơn vị', children: departmentLabel(view.department) },
    { key: 'channel', label: 'Hình thức tiếp nhận', children: CHANNEL_LABELS[view.channel] ?? view.channel },
    { key: 'received', label: 'Ngày nhận đơn', children: formatDate(view.receivedOn) },
    { key: 'reference', label: 'Số đơn', children: summary?.referenceNo ?? '—' },
    { key: 'remote', label: 'Vùng sâu, vùng xa', children: view.remoteArea ? 'Có' : 'Không' },
    {
      key: 'complexity',
      label: 'Mức độ phức tạp',
      children: `${COMPLEXITY_LABELS[view.complexity.level] ?? view.complexity.level}${view.complexity.criteria.length > 0 ? ` (tiêu chí ${view.complexity.criteria.join(', ')})` : ''}`,
    },
    { key: 'inspector', label: 'Thanh tra viên', children: <span data-testid="case-inspector">{inspectorText(view, summary)}</span> },
    {
      key: 'suspended',
      label: 'Tạm đình chỉ',
      children: view.suspended ? <Tag color="orange">Đang tạm đình chỉ{view.suspendedOn ? ` từ ${formatDate(view.suspendedOn)}` : ''}</Tag> : 'Không',
    },
    { key: 'parties', label: 'Người liên quan', span: 'filled', children: <PartyList parties={parties ?? view.parties} /> },
    { key: 'content', label: 'Nội dung đơn', span: 'filled', children: <div className="case-summary__content">{view.content}</div> },
    ...(view.donIds.length > 0 ? [{ key: 'dons', label: 'Các đơn', span: 'filled' as const, children: <CaseDonLinks donIds={view.donIds} /> }] : []),
  ];
  return (
    <div data-testid="case-summary">
      <Descriptions bordered size="small" layout={screens.sm ? 'horizontal' : 'vertical'} column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }} items={items} />
    </div>
  );
}
