import { Empty, Table, Tag, type TableProps } from 'antd';
import type { AccessLog, AccessLogEntry } from '../cases/case-api';
import { formatDateTime } from '../shared/format';
import { departmentLabel, roleLabel } from '../shared/labels';
import { ScrollRegion } from '../shared/scroll-region';

const COLUMNS: TableProps<AccessLogEntry>['columns'] = [
  {
    key: 'time',
    title: 'Thời điểm',
    width: 150,
    render: (_: unknown, entry) => formatDateTime(entry.data.revealedAt ?? entry.data.shreddedAt ?? entry.recordedAt),
  },
  {
    key: 'who',
    title: 'Người xem',
    render: (_: unknown, entry) => {
      if (entry.type === 'CaseKeyShredded') return `${entry.data.operator ?? ''} (quản trị hệ thống)`;
      const actor = entry.data.actor;
      if (!actor) return '—';
      return (
        <div>
          <div>{actor.name ? `${actor.name} (${actor.id})` : actor.id}</div>
          <div className="identity-access__role">
            {roleLabel(actor.role)} · {departmentLabel(actor.department)}
          </div>
        </div>
      );
    },
  },
  {
    key: 'what',
    title: 'Việc',
    width: 170,
    render: (_: unknown, entry) =>
      entry.type === 'CaseKeyShredded' ? <Tag color="red">Xóa vĩnh viễn danh tính</Tag> : <Tag color="purple">Xem danh tính ({entry.data.parties ?? 0} người)</Tag>,
  },
  { key: 'reason', title: 'Lý do', render: (_: unknown, entry) => <span className="identity-access__reason">{entry.data.reason}</span> },
];

/** Who read the case's confidential identities, when and why (and an erasure of its key, if any). */
export function IdentityAccessTable({ log }: { log: AccessLog }) {
  return (
    <div data-testid="identity-access-log">
      <ScrollRegion label="Nhật ký xem danh tính bí mật">
        <Table<AccessLogEntry>
          rowKey="eventId"
          size="small"
          columns={COLUMNS}
          dataSource={log.entries}
          pagination={false}
          className="identity-access"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa ai xem danh tính bí mật của hồ sơ này" /> }}
        />
      </ScrollRegion>
    </div>
  );
}
