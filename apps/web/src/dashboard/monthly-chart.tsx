import { Card } from 'antd';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DepartmentSummary } from './dashboard-api';
import { formatMonth, lastMonths } from './months';

const MONTHS = 12;

/** Cases received, and resolved (decision, conclusion or answer), in each of the last 12 months (Vietnam time), as bars. */
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
      {/* The same figures as text, for screen readers (the bars are drawn, not read). */}
      <table className="visually-hidden" data-testid="monthly-chart-table">
        <caption>Số hồ sơ nhận và đã giải quyết theo tháng</caption>
        <thead>
          <tr>
            <th scope="col">Tháng</th>
            <th scope="col">Nhận</th>
            <th scope="col">Đã giải quyết</th>
          </tr>
        </thead>
        <tbody>
          {data.map((row) => (
            <tr key={row.month}>
              <th scope="row">{row.month}</th>
              <td>{row.received}</td>
              <td>{row.resolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
