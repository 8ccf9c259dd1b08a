import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Flex, Input, Select, Table, Typography, type TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { getJson } from '../api/client';
import { useSession } from '../auth/session';
import { DeadlineTag } from '../shared/deadline-tag';
import { formatDate } from '../shared/format';
import { departmentLabel } from '../shared/labels';
import './audit.css';

interface AuditCaseRow {
  caseId: string;
  kindLabel: string;
  department: string;
  stageLabel: string;
  subject: string;
  receivedOn: string;
  referenceNo?: string;
  suspended: boolean;
  nextDueDate?: string;
  deadlineStatus?: 'on-time' | 'due-soon' | 'overdue';
}

interface CaseListAnswer {
  items: AuditCaseRow[];
  total: number;
  offset: number;
  limit: number;
}

const PAGE_SIZE = 20;

const COLUMNS: TableProps<AuditCaseRow>['columns'] = [
  { key: 'reference', title: 'Số đơn', dataIndex: 'referenceNo', width: 100, render: (value?: string) => value ?? '—' },
  {
    key: 'subject',
    title: 'Trích yếu',
    dataIndex: 'subject',
    width: 300,
    render: (subject: string, row) => <Link to={`/audit/${row.caseId}`}>{subject}</Link>,
  },
  { key: 'kind', title: 'Loại', dataIndex: 'kindLabel', width: 150, responsive: ['md'] },
  { key: 'department', title: 'Đơn vị', dataIndex: 'department', width: 200, responsive: ['sm'], render: (code: string) => departmentLabel(code) },
  { key: 'stage', title: 'Bước hiện tại', dataIndex: 'stageLabel', width: 170 },
  { key: 'received', title: 'Ngày nhận', dataIndex: 'receivedOn', width: 110, responsive: ['md'], render: (date: string) => formatDate(date) },
  {
    key: 'deadline',
    title: 'Thời hạn gần nhất',
    width: 190,
    render: (_: unknown, row) => <DeadlineTag status={row.deadlineStatus ?? 'none'} {...(row.nextDueDate ? { dueDate: row.nextDueDate } : {})} />,
  },
];

/** The supervisor's register of every department's cases: search, filter by department, open a case's audit view. */
export function AuditPage() {
  const { catalog } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const department = params.get('department') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const cases = useQuery({
    queryKey: ['audit-cases', q, department ?? '', page],
    queryFn: ({ signal }) => getJson<CaseListAnswer>('/api/cases', { q, department, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });

  const update = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined || value === '') merged.delete(name);
      else merged.set(name, value);
    }
    setParams(merged);
  };

  return (
    <div className="audit-page">
      <Typography.Title level={2} className="audit-page__title">
        Giám sát hồ sơ
      </Typography.Title>
      <Typography.Paragraph type="secondary">Hồ sơ của mọi đơn vị; chọn một hồ sơ để xem toàn bộ lịch sử, chuỗi kiểm toán và nhật ký xem danh tính bí mật.</Typography.Paragraph>
      <Flex wrap gap={8} className="audit-page__filters" role="search">
        <Input.Search
          aria-label="Tìm hồ sơ"
          placeholder="Tìm theo trích yếu, tên, số đơn"
          allowClear
          defaultValue={q}
          onSearch={(value) => update({ q: value.trim(), page: undefined })}
          className="audit-page__search"
          enterButton="Tìm"
        />
        <Select
          aria-label="Đơn vị"
          placeholder="Mọi đơn vị"
          allowClear
          value={department}
          onChange={(value?: string) => update({ department: value, page: undefined })}
          options={catalog.departments.map((code) => ({ value: code, label: departmentLabel(code) }))}
          className="audit-page__department"
        />
      </Flex>
      {cases.isError && <Alert type="error" showIcon title="Không tải được danh sách hồ sơ" description={cases.error.message} className="audit-page__error" />}
      <div data-testid="audit-case-list">
        <Table<AuditCaseRow>
          rowKey="caseId"
          size="small"
          columns={COLUMNS}
          dataSource={cases.data?.items ?? []}
          loading={cases.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: 'Không có hồ sơ nào phù hợp.' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: cases.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `${total} hồ sơ`,
            onChange: (next) => update({ page: next === 1 ? undefined : String(next) }),
          }}
        />
      </div>
    </div>
  );
}
