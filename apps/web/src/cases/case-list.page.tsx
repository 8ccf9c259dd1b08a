import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Grid, Table, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { formatNumber } from '../shared/format';
import { departmentLabel } from '../shared/labels';
import { caseListColumns, compactCaseListColumns } from './case-list-columns';
import { CaseListFilterBar, type InspectorOption } from './case-list-filters';
import { PAGE_SIZES, useCaseList, useCaseListState, type CaseSummary } from './case-list-query';
import './case-list.css';

/**
 * "Sổ hồ sơ": the department's register of cases. Officers filter, search (with or without diacritics), page
 * and sort it by due date; each case shows its running deadlines in colour and links to its page.
 */
export function CaseListPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [state, update, clear] = useCaseListState();
  const list = useCaseList(state);
  const inspectors = useInspectors(list.data?.items);
  const spansDepartments = session.user.role === 'supervisor' || session.user.role === 'ubnd';
  // Below antd's md breakpoint (768 px) the register is two columns; useBreakpoint is empty until it has measured.
  const compact = Grid.useBreakpoint().md === false;
  const columns = useMemo(
    () => (compact ? compactCaseListColumns : caseListColumns)(state.sort, spansDepartments),
    [compact, state.sort, spansDepartments],
  );
  const filtered = Object.values(state.filters).some(Boolean);

  return (
    <Flex vertical gap={16} className="case-list">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            Sổ hồ sơ
          </Typography.Title>
          <Typography.Text type="secondary">{spansDepartments ? 'Hồ sơ của các đơn vị' : departmentLabel(session.user.department)}</Typography.Text>
        </div>
        {session.commands.has('FileCase') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            href="/cases/new"
            onClick={(event) => {
              event.preventDefault();
              void navigate('/cases/new');
            }}
          >
            Tiếp nhận đơn
          </Button>
        )}
      </Flex>
      <CaseListFilterBar filters={state.filters} sort={state.sort} inspectors={inspectors} onChange={update} onClear={clear} />
      {list.isError && <Alert type="error" showIcon title="Không tải được sổ hồ sơ" description={list.error.message} />}
      <Table<CaseSummary>
        data-testid="case-list"
        rowKey="caseId"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        {...(compact ? {} : { scroll: { x: spansDepartments ? 1290 : 1160 } })}
        locale={{
          emptyText: list.isPending ? (
            ' '
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filtered ? 'Không có hồ sơ nào khớp với điều kiện tìm kiếm.' : 'Sổ chưa có hồ sơ nào.'}
            />
          ),
        }}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => `Tổng số ${formatNumber(total)} hồ sơ`,
          placement: ['bottomEnd'],
        }}
        onChange={(pagination, _filters, sorter) => {
          const { order } = sorter as SorterResult<CaseSummary>;
          const sort = order === 'ascend' ? 'due' : 'received';
          const pageSize = pagination.pageSize ?? state.pageSize;
          update({ sort, pageSize, page: sort !== state.sort || pageSize !== state.pageSize ? 1 : (pagination.current ?? 1) });
        }}
      />
    </Flex>
  );
}

/** The inspectors of the user's department(s) (from the catalog), and any other named on the page. */
function useInspectors(items: CaseSummary[] | undefined): InspectorOption[] {
  const { catalog } = useSession();
  return useMemo(() => {
    const known = new Map(catalog.inspectors.map((i) => [i.id, i.name]));
    for (const row of items ?? []) if (row.inspectorId && !known.has(row.inspectorId)) known.set(row.inspectorId, row.inspectorName ?? row.inspectorId);
    return [...known].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }, [catalog.inspectors, items]);
}
