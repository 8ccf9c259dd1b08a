import { Alert, Col, Flex, Form, Row, Select, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../auth/session';
import { departmentLabel } from '../shared/labels';
import { useDeadlineBoard, useDepartmentSummary } from './dashboard-api';
import { DashboardCounts } from './dashboard-counts';
import { DepartmentReportCard } from './department-report';
import { MonthlyChart } from './monthly-chart';
import { OverdueList } from './overdue-list';
import './dashboard.css';

/** Roles that see every department and choose which one the page shows. */
const SPANNING_ROLES = new Set(['supervisor', 'ubnd']);

function Loading() {
  return (
    <Spin description="Đang tải…">
      <div style={{ minHeight: 120 }} />
    </Spin>
  );
}

/**
 * The department at a glance: counts by kind, stage and deadline status, the overdue cases, cases received and
 * resolved per month, and (for roles that may read it) the official periodic report with its downloads.
 */
export function DashboardPage() {
  const session = useSession();
  const { user, catalog } = session;
  const spans = SPANNING_ROLES.has(user.role);
  const [department, setDepartment] = useState(() => (spans && !catalog.departments.includes(user.department) ? (catalog.departments[0] ?? user.department) : user.department));
  const summary = useDepartmentSummary(department, session.can('department.summary'));
  const board = useDeadlineBoard(department, session.can('deadline.board'));

  return (
    <Flex vertical gap={16} className="page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {spans ? 'Tổng hợp' : `Tổng hợp – ${departmentLabel(department)}`}
        </Typography.Title>
        {spans && (
          <Form layout="inline">
            <Form.Item label="Đơn vị" htmlFor="dashboard-department" style={{ marginInlineEnd: 0 }}>
              <Select
                id="dashboard-department"
                value={department}
                onChange={setDepartment}
                options={catalog.departments.map((d) => ({ value: d, label: departmentLabel(d) }))}
                style={{ minWidth: 240 }}
              />
            </Form.Item>
          </Form>
        )}
      </Flex>
      {summary.isError && <Alert type="error" showIcon title="Không tải được số liệu" description={summary.error.message} />}
      {board.isError && <Alert type="error" showIcon title="Không tải được bảng thời hạn" description={board.error.message} />}
      <Row gutter={[16, 16]}>
        <Col xs={24}>{summary.data ? <DashboardCounts summary={summary.data} catalog={catalog} /> : summary.isPending && <Loading />}</Col>
        <Col xs={24} xl={10}>
          {summary.data && <MonthlyChart summary={summary.data} />}
        </Col>
        <Col xs={24} xl={14}>
          {board.data ? <OverdueList board={board.data} /> : board.isPending && session.can('deadline.board') && <Loading />}
        </Col>
        {session.can('report.read') && (
          <Col xs={24}>
            <DepartmentReportCard key={department} department={department} />
          </Col>
        )}
      </Row>
    </Flex>
  );
}
