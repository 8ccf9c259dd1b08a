import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import type { Catalog } from '../api/types';
import { allStages, kindLabel } from '../shared/catalog';
import { DEADLINE_STATUS } from '../shared/labels';
import type { DepartmentSummary } from './dashboard-api';

/** antd tag colour names of DEADLINE_STATUS as text colours, dark enough for 4.5:1 on white. */
const TEXT_COLOR: Record<string, string | undefined> = { green: '#237804', orange: '#ad4e00', red: '#cf1322', default: undefined };

interface CountRow {
  key: string;
  label: string;
  count: number;
}

function CountTable({ title, rows }: { title: string; rows: CountRow[] }) {
  return (
    <Table<CountRow>
      size="small"
      pagination={false}
      title={() => <Typography.Text strong>{title}</Typography.Text>}
      dataSource={rows}
      locale={{ emptyText: 'Chưa có hồ sơ' }}
      columns={[
        { title: title === 'Theo loại' ? 'Loại đơn' : 'Bước xử lý', dataIndex: 'label', key: 'label' },
        { title: 'Số hồ sơ', dataIndex: 'count', key: 'count', align: 'right', width: 100 },
      ]}
    />
  );
}

function stat(title: string, value: number, color?: string, status?: string) {
  return (
    <Col xs={12} sm={8} md={6} xl={3} key={title}>
      <Statistic title={title} value={value} styles={color ? { content: { color } } : {}} data-status={status} />
    </Col>
  );
}

/** The department's cases counted: in total, open, suspended, by deadline status (in its colour), by kind and by stage. */
export function DashboardCounts({ summary, catalog }: { summary: DepartmentSummary; catalog: Catalog }) {
  const stageLabels = new Map(allStages(catalog).map((s) => [s.stage, s.label]));
  const byKind: CountRow[] = Object.entries(summary.byKind).map(([kind, count]) => ({ key: kind, label: kindLabel(catalog, kind), count }));
  const byStage: CountRow[] = Object.entries(summary.byStage).map(([stage, count]) => ({ key: stage, label: stageLabels.get(stage) ?? stage, count }));
  const status = (key: keyof typeof summary.byDeadlineStatus) => stat(DEADLINE_STATUS[key]!.label, summary.byDeadlineStatus[key], TEXT_COLOR[DEADLINE_STATUS[key]!.color], key);
  return (
    <Card className="dashboard-card" title="Số liệu hồ sơ" data-testid="dashboard-counts">
      <Row gutter={[16, 16]}>
        {stat('Tổng số hồ sơ', summary.total)}
        {stat('Đang giải quyết', summary.open)}
        {stat('Đã kết thúc', summary.total - summary.open)}
        {stat('Tạm đình chỉ', summary.suspended)}
        {status('overdue')}
        {status('due-soon')}
        {status('on-time')}
        {stat('Không có thời hạn đang chạy', summary.withoutRunningClock)}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <CountTable title="Theo loại" rows={byKind} />
        </Col>
        <Col xs={24} md={12}>
          <CountTable title="Theo bước xử lý" rows={byStage} />
        </Col>
      </Row>
    </Card>
  );
}
