import type { Role } from '../api/types';

/** Vietnamese labels of the codes the API uses. Kinds, stages, commands and clocks come from /api/catalog. */
export const ROLE_LABELS: Record<Role | 'system', string> = {
  intake: 'Cán bộ tiếp dân',
  inspector: 'Thanh tra viên',
  head: 'Chánh Thanh tra',
  director: 'Giám đốc Sở',
  ubnd: 'Văn phòng UBND tỉnh',
  supervisor: 'Thanh tra tỉnh (giám sát)',
  importer: 'Nhập sổ đơn',
  admin: 'Quản trị hệ thống',
  system: 'Hệ thống',
};

/** The departments' full names, from the engine's departments file (GET /api/catalog), set when the catalog loads. */
let departmentNames: Record<string, string> = {};

export function setDepartmentNames(names: Record<string, string>): void {
  departmentNames = names;
}

export function departmentLabel(code: string | undefined): string {
  if (!code) return '';
  return Object.hasOwn(departmentNames, code) ? departmentNames[code]! : code;
}

export function roleLabel(role: string | undefined): string {
  if (!role) return '';
  return ROLE_LABELS[role as Role] ?? role;
}

export const CHANNEL_LABELS: Record<string, string> = {
  'in-person': 'Trực tiếp',
  post: 'Qua bưu chính',
  online: 'Trực tuyến',
  referral: 'Do cơ quan khác chuyển đến',
};

export const PARTY_ROLE_LABELS: Record<string, string> = {
  complainant: 'Người khiếu nại',
  denouncer: 'Người tố cáo',
  petitioner: 'Người kiến nghị, phản ánh',
  representative: 'Người đại diện',
  respondent: 'Người bị khiếu nại',
  accused: 'Người bị tố cáo',
  related: 'Người có liên quan',
};

export const CLOCK_STATUS_LABELS: Record<string, string> = {
  running: 'Đang chạy',
  paused: 'Tạm dừng',
  stopped: 'Đã dừng',
};

/** The deadline board's statuses, with the colour each is shown in everywhere. */
export const DEADLINE_STATUS: Record<string, { label: string; color: string }> = {
  'on-time': { label: 'Trong hạn', color: 'green' },
  'due-soon': { label: 'Sắp đến hạn', color: 'orange' },
  overdue: { label: 'Quá hạn', color: 'red' },
  none: { label: 'Không có thời hạn đang chạy', color: 'default' },
};
