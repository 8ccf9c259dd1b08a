import { LockOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { DeadlineTag } from '../shared/deadline-tag';
import { formatDate } from '../shared/format';
import { departmentLabel, PARTY_ROLE_LABELS } from '../shared/labels';
import type { CaseListSort, CaseSummary } from './case-list-query';

/** The due-date column; it sorts by the API's `sort=due`. */
function dueColumn(sort: CaseListSort, width: number): ColumnsType<CaseSummary>[number] {
  return {
    key: 'due',
    title: 'Hạn xử lý',
    width,
    sorter: true,
    sortOrder: sort === 'due' ? 'ascend' : null,
    sortDirections: ['ascend'],
    showSorterTooltip: { title: 'Sắp xếp: sắp đến hạn trước' },
    render: (_, row) => <Clocks row={row} />,
  };
}

/**
 * On a phone: the case (with its receipt date, kind and stage beneath) and its deadlines, so the colour that says
 * what is late is on screen without scrolling sideways.
 */
export function compactCaseListColumns(sort: CaseListSort, showDepartment: boolean): ColumnsType<CaseSummary> {
  return [
    {
      key: 'subject',
      title: 'Hồ sơ',
      render: (_, row) => (
        <Flex vertical gap={2}>
          <CaseSubject row={row} />
          <Typography.Text type="secondary" className="case-list__facts">
            {[`Nhận ${formatDate(row.receivedOn)}`, row.kindLabel, row.stageLabel, ...(showDepartment ? [departmentLabel(row.department)] : [])].join(' · ')}
          </Typography.Text>
          {row.suspended && <Tag icon={<PauseCircleOutlined />}>Tạm đình chỉ</Tag>}
        </Flex>
      ),
    },
    dueColumn(sort, 150),
  ];
}

/** The register's columns at desktop width. */
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
    dueColumn(sort, 200),
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
