import { Alert, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { formatDate, formatNumber } from '../shared/format';
import { departmentLabel } from '../shared/labels';
import { CONTENT_LABELS, DON_EVENT_LABELS, SOURCE_LABELS, STATUS_LABELS, useDonRegister, type DonRegisterRow, type DonStatus } from './don-api';
import './don.css';

const PAGE_SIZES = [20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const columns: ColumnsType<DonRegisterRow> = [
  {
    title: 'Ngày nhận',
    key: 'receivedOn',
    width: 110,
    render: (_, row) => <Link to={`/dons/${row.donId}`}>{formatDate(row.receivedOn)}</Link>,
  },
  {
    title: 'Đơn',
    key: 'don',
    render: (_, row) => (
      <Flex vertical>
        <Link to={`/dons/${row.donId}`} data-testid="don-link">
          {row.subject ?? `Đơn ${row.donId.slice(0, 8)}`}
        </Link>
        <Typography.Text type="secondary">
          {SOURCE_LABELS[row.source.kind]}
          {row.anonymous ? ' · nặc danh' : ` · ${row.signers} người đứng tên`}
          {row.repeated ? ' · lặp lại' : ''}
        </Typography.Text>
      </Flex>
    ),
  },
  { title: 'Phân loại', key: 'content', render: (_, row) => (row.classification ? CONTENT_LABELS[row.classification.content] : <Typography.Text type="secondary">Chưa phân loại</Typography.Text>) },
  {
    title: 'Hạn xử lý',
    key: 'due',
    width: 110,
    render: (_, row) => (row.processingDueOn ? formatDate(row.processingDueOn) : <Typography.Text type="secondary">Không có hạn</Typography.Text>),
  },
  {
    title: 'Kết quả',
    key: 'status',
    render: (_, row) => (
      <Flex vertical gap={2} align="start">
        <Tag color={STATUS_LABELS[row.status].color}>{STATUS_LABELS[row.status].label}</Tag>
        {row.outcome && <Typography.Text type="secondary">{DON_EVENT_LABELS[row.outcome.type] ?? row.outcome.type}</Typography.Text>}
        {row.caseIds.map((caseId) => (
          <Link key={caseId} to={`/cases/${caseId}`}>
            Hồ sơ {caseId.slice(0, 8)}
          </Link>
        ))}
      </Flex>
    ),
  },
];

/**
 * "Sổ xử lý đơn": the department's đơn, newest receipt first, paged in the API, filtered by status; each links to
 * its page (classification, duplicates, processing).
 */
export function DonRegisterPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const spans = session.user.role === 'supervisor';
  const department = (spans ? params.get('department') : undefined) || session.user.department;
  const statusParam = params.get('status');
  const status = statusParam === 'open' || statusParam === 'processed' ? (statusParam as DonStatus) : undefined;
  const pageSize = PAGE_SIZES.includes(positive(params.get('pageSize'), DEFAULT_PAGE_SIZE)) ? positive(params.get('pageSize'), DEFAULT_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const page = positive(params.get('page'), 1);
  const list = useDonRegister({ department, ...(status ? { status } : {}), page, pageSize });
  const set = (change: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [name, value] of Object.entries(change)) {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, value);
      }
      return next;
    });
  const counts = list.data?.counts ?? {};

  return (
    <Flex vertical gap={16} className="don-register">
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Sổ xử lý đơn
        </Typography.Title>
        <Typography.Text type="secondary">{departmentLabel(department)}</Typography.Text>
      </div>
      <Flex gap={12} wrap align="center" data-testid="don-filters">
        {spans && (
          <Select
            aria-label="Đơn vị"
            value={department}
            style={{ minWidth: 220 }}
            options={Object.entries(session.catalog.departmentNames).map(([value, label]) => ({ value, label }))}
            onChange={(value: string) => set({ department: value, page: undefined })}
          />
        )}
        <Select
          aria-label="Tình trạng"
          value={status ?? ''}
          style={{ minWidth: 200 }}
          options={[
            { value: '', label: `Tất cả${counts['total'] !== undefined ? ` (${formatNumber(counts['total'])})` : ''}` },
            ...(Object.keys(STATUS_LABELS) as DonStatus[]).map((value) => ({
              value,
              label: `${STATUS_LABELS[value].label}${counts[`status:${value}`] !== undefined ? ` (${formatNumber(counts[`status:${value}`]!)})` : ''}`,
            })),
          ]}
          onChange={(value: string) => set({ status: value || undefined, page: undefined })}
        />
        {counts['repeated'] !== undefined && <Typography.Text type="secondary">Đơn lặp lại: {formatNumber(counts['repeated'])}</Typography.Text>}
      </Flex>
      {list.isError && <Alert type="error" showIcon title="Không tải được sổ xử lý đơn" description={list.error.message} />}
      <Table<DonRegisterRow>
        data-testid="don-list"
        rowKey="donId"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 760 }}
        locale={{ emptyText: list.isPending ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={status ? 'Không có đơn nào ở tình trạng này.' : 'Sổ chưa có đơn nào.'} /> }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => `Tổng số ${formatNumber(total)} đơn`,
          placement: ['bottomEnd'],
        }}
        onChange={(pagination) => {
          const nextSize = pagination.pageSize ?? pageSize;
          set({ pageSize: nextSize === DEFAULT_PAGE_SIZE ? undefined : String(nextSize), page: nextSize !== pageSize || pagination.current === 1 ? undefined : String(pagination.current) });
        }}
      />
    </Flex>
  );
}
