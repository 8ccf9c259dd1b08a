import { Card } from 'antd';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DepartmentSummary } from './dashboard-api';
import { formatMonth, lastMonths } from './months';

const MONTHS = 12;

/** Cases received and resolved in each of the last 12 months (Vietnam time), as bars. */
export function MonthlyChart({ summary }: { summary: DepartmentSummary }) {
  const byMonth = summary.byMonth ?? { received: {}, resolved: {} };
  const data = lastMonths(summary.window.today, MONTHS).map((month) => ({
    month: formatMonth(month),
    received: byMonth.received[month] ?? 0,
    resolved: byMonth.resolved[month] ?? 0,
  }));
  return (
    <Card title="Nhận và giải quyết theo tháng (12 tháng gần nhất)" className="dashboard-card" data-testid="monthly-chart">
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="received" name="Nhận" fill="#1f5fa8" />
          <Bar dataKey="resolved" name="Đã giải quyết" fill="#52c41a" />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}
