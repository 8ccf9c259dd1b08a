import { LockOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { DeadlineTag } from '../shared/deadline-tag';
import { formatDate } from '../shared/format';
import { departmentLabel, PARTY_ROLE_LABELS } from '../shared/labels';
import type { CaseListSort, CaseSummary } from './case-list-query';

/** The register's columns; the due-date column sorts by the API's `sort=due`. */
export function caseListColumns(sort: CaseListSort, showDepartment: boolean): ColumnsType<CaseSummary> {
  const columns: ColumnsType<CaseSummary> = [
    {
      key: 'receivedOn',
      title: 'Ngày nhận đơn',
      dataIndex: 'receivedOn',
      width: 110,
      render: (value: string) => formatDate(value),
    },
    {
      key: 'subject',
      title: 'Số đơn / Trích yếu',
      width: 240,
      render: (_, row) => <CaseSubject row={row} />,
    },
    { key: 'kind', title: 'Loại hồ sơ', dataIndex: 'kindLabel', width: 120 },
    {
      key: 'stage',
      title: 'Bước',
      width: 150,
      render: (_, row) => (
        <Flex vertical align="flex-start" gap={4}>
          <span>{row.stageLabel}</span>
          {row.suspended && <Tag icon={<PauseCircleOutlined />}>Tạm đình chỉ</Tag>}
        </Flex>
      ),
    },
    {
      key: 'parties',
      title: 'Người liên quan',
      width: 210,
      render: (_, row) => <Parties row={row} />,
    },
    {
      key: 'inspector',
      title: 'Thanh tra viên',
      width: 130,
      render: (_, row) => row.inspectorName ?? row.inspectorId ?? <Typography.Text type="secondary">Chưa phân công</Typography.Text>,
    },
    {
      key: 'due',
      title: 'Hạn xử lý',
      width: 200,
      sorter: true,
      sortOrder: sort === 'due' ? 'ascend' : null,
      sortDirections: ['ascend'],
      showSorterTooltip: { title: 'Sắp xếp: sắp đến hạn trước' },
      render: (_, row) => <Clocks row={row} />,
    },
  ];
  if (showDepartment) columns.splice(1, 0, { key: 'department', title: 'Đơn vị', width: 130, render: (_, row) => departmentLabel(row.department) });
  return columns;
}

function CaseSubject({ row }: { row: CaseSummary }) {
  return (
    <Flex vertical gap={2}>
      {row.referenceNo && <Typography.Text type="secondary">Số {row.referenceNo}</Typography.Text>}
      <Link to={`/cases/${row.caseId}`}>{row.subject}</Link>
    </Flex>
  );
}

function Parties({ row }: { row: CaseSummary }) {
  if (row.parties.length === 0) return null;
  return (
    <ul className="case-list__parties">
      {row.parties.map((party, index) => (
        <li key={`${party.role}-${index}`}>
          {party.confidential && <LockOutlined aria-label="Danh tính được giữ bí mật" />} {party.name}{' '}
          <Typography.Text type="secondary">({PARTY_ROLE_LABELS[party.role] ?? party.role})</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

function Clocks({ row }: { row: CaseSummary }) {
  const running = row.clocks.filter((c) => c.status === 'running');
  if (running.length > 0) {
    return (
      <Flex vertical gap={6}>
        {running.map((clock) => (
          <DeadlineTag key={clock.clock} status={clock.deadlineStatus ?? 'none'} dueDate={clock.dueDate} label={clock.label} />
        ))}
      </Flex>
    );
  }
  const paused = row.clocks.some((c) => c.status === 'paused');
  return <Typography.Text type="secondary">{paused ? 'Tạm dừng tính thời hạn' : 'Không có thời hạn đang chạy'}</Typography.Text>;
}
