import { Card, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { formatDate } from '../shared/format';
import { DEADLINE_STATUS } from '../shared/labels';
import { ScrollRegion } from '../shared/scroll-region';
import type { BoardEntry, DeadlineBoard } from './dashboard-api';
import { daysBetween } from './months';

function columns(today: string): ColumnsType<BoardEntry> {
  return [
    {
      title: 'Hồ sơ',
      key: 'subject',
      render: (_, entry) => (
        <Flex vertical>
          <Link to={`/cases/${encodeURIComponent(entry.caseId)}`}>{entry.subject}</Link>
          <Typography.Text type="secondary">{entry.kindLabel}</Typography.Text>
        </Flex>
      ),
    },
    { title: 'Thời hạn', dataIndex: 'clockLabel', key: 'clock', width: 150 },
    { title: 'Hạn', dataIndex: 'dueDate', key: 'dueDate', width: 100, render: (due: string) => formatDate(due) },
    {
      title: 'Quá hạn',
      key: 'late',
      width: 100,
      align: 'right',
      render: (_, entry) => <Tag color={DEADLINE_STATUS['overdue']!.color} style={{ marginInlineEnd: 0 }}>{`${daysBetween(entry.dueDate, today)} ngày`}</Tag>,
    },
  ];
}

/** The clocks of the department whose due date has passed, oldest first, each linked to its case with the days overdue. */
export function OverdueList({ board }: { board: DeadlineBoard }) {
  return (
    <Card title={`Hồ sơ quá hạn (${board.overdueTotal})`} className="dashboard-card" data-testid="overdue-list">
      <ScrollRegion label="Danh sách hồ sơ quá hạn">
        <Table<BoardEntry>
          size="small"
          rowKey={(entry) => `${entry.caseId}/${entry.clock}`}
          dataSource={board.overdue}
          columns={columns(board.window.today)}
          pagination={board.overdue.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          className="overdue-list"
          locale={{ emptyText: 'Không có hồ sơ quá hạn' }}
        />
      </ScrollRegion>
      {board.overdueTotal > board.overdue.length && (
        <Typography.Text type="secondary">Đang hiển thị {board.overdue.length} trên {board.overdueTotal} thời hạn quá hạn.</Typography.Text>
      )}
    </Card>
  );
}
