import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { download } from '../api/client';
import { formatDate, todayInVietnam } from '../shared/format';
import { departmentLabel } from '../shared/labels';
import { ScrollRegion } from '../shared/scroll-region';
import { reportPath, useDepartmentReport, type Counts, type DepartmentReport } from './dashboard-api';
import { currentQuarter, reportPeriodOptions } from './report-periods';

interface FigureRow {
  key: string;
  code: string;
  label: string;
  counts: Counts;
}

/** The main lines of the report, with the codes and labels of the signed table (CSV, XLSX). */
function figureRows(report: DepartmentReport): FigureRow[] {
  const { caseload, intake, competence, deadlines } = report;
  const lines: Array<[string, string, Counts]> = [
    ['1', 'Kỳ trước chuyển sang (chưa kết thúc đầu kỳ)', caseload.carriedOver],
    ['2', 'Tiếp nhận trong kỳ', caseload.received],
    ['3', 'Tổng số (3 = 1 + 2)', caseload.total],
    ['4', 'Đã kết thúc', caseload.ended],
    ['5', 'Chưa kết thúc cuối kỳ (5 = 3 - 4)', caseload.open],
    ['7', 'Đã xử lý trong kỳ', intake.processed.total],
    ['8', 'Chưa xử lý cuối kỳ', intake.awaitingProcessing],
    ['10', 'Thụ lý mới trong kỳ', competence.accepted],
    ['12', 'Đã giải quyết xong', competence.settled.total],
    ['13', 'Chưa giải quyết xong cuối kỳ', competence.unsettled],
    ['20', 'Giải quyết đúng hạn', deadlines.resolvedOnTime],
    ['21', 'Giải quyết quá hạn', deadlines.resolvedLate],
    ['25', 'Đã đến hạn mà chưa giải quyết (quá hạn)', deadlines.overdue],
  ];
  return lines.map(([code, label, counts]) => ({ key: code, code, label, counts }));
}

function figureColumns(report: DepartmentReport): ColumnsType<FigureRow> {
  return [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 56 },
    { title: 'Chỉ tiêu', dataIndex: 'label', key: 'label', width: 260 },
    ...report.kinds.map((kind) => ({
      title: kind.name,
      key: kind.kind,
      align: 'right' as const,
      width: 110,
      render: (_: unknown, row: FigureRow) => row.counts.byKind[kind.kind] ?? 0,
    })),
    { title: 'Tổng số', key: 'total', align: 'right', width: 90, render: (_, row) => <strong>{row.counts.total}</strong> },
  ];
}

/** The department's official periodic report: pick a period, read its main figures, download it as XLSX or CSV. */
export function DepartmentReportCard({ department }: { department: string }) {
  const { message } = App.useApp();
  const today = todayInVietnam();
  const options = reportPeriodOptions(today);
  const [period, setPeriod] = useState(() => currentQuarter(today));
  const [downloading, setDownloading] = useState<'xlsx' | 'csv' | undefined>();
  const report = useDepartmentReport(department, period, true);

  const save = async (format: 'xlsx' | 'csv') => {
    setDownloading(format);
    try {
      await download(reportPath(department), { period, format }, `bao-cao-${department}-${period}.${format}`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : 'Không tải được báo cáo.');
    } finally {
      setDownloading(undefined);
    }
  };

  const data = report.data;
  return (
    <Card className="dashboard-card" title="Báo cáo định kỳ" data-testid="report">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Form layout="inline" className="dashboard-report__form" onFinish={() => undefined}>
          <Form.Item label="Kỳ báo cáo" htmlFor="report-period">
            <Select id="report-period" value={period} onChange={setPeriod} options={options} className="dashboard-report__period" popupMatchSelectWidth={false} />
          </Form.Item>
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={downloading === 'xlsx'} onClick={() => void save('xlsx')}>
              Tải XLSX
            </Button>
            <Button icon={<DownloadOutlined />} loading={downloading === 'csv'} onClick={() => void save('csv')}>
              Tải CSV
            </Button>
          </Space>
        </Form>
        {report.isError && <Alert type="error" showIcon title="Không tải được báo cáo" description={report.error.message} />}
        {data && (
          <>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
              items={[
                { key: 'unit', label: 'Cơ quan, đơn vị', children: departmentLabel(data.department) },
                { key: 'period', label: 'Kỳ báo cáo', children: options.find((o) => o.value === data.period.name)?.label.replace(/ \(.*$/, '') ?? data.period.name ?? 'Theo khoảng ngày' },
                { key: 'from', label: 'Từ ngày', children: formatDate(data.period.from) },
                { key: 'to', label: 'Đến ngày', children: formatDate(data.period.to) },
                { key: 'asOf', label: 'Số liệu tính đến hết ngày', children: formatDate(data.asOf) },
              ]}
            />
            <ScrollRegion label="Số liệu báo cáo">
              <Table<FigureRow> size="small" bordered pagination={false} loading={report.isFetching} dataSource={figureRows(data)} columns={figureColumns(data)} />
            </ScrollRegion>
          </>
        )}
      </Space>
    </Card>
  );
}
